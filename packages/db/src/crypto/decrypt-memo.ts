import { decryptValue } from './envelope.ts';
import { activeKeyring, type Keyring } from './keyring.ts';

/**
 * decryptValue for values read again and again: a bounded memo of plain text keyed by the whole stored envelope.
 * It does not widen what a compromised process gives away: the process holds the keys and decrypts these same
 * values on every read anyway. An envelope carries its random IV and authentication tag, so only bytes that once
 * passed authentication map to a plain value; anything else (tampered, truncated, another key) misses and is
 * decrypted, and fails, as before. A new keyring (rotation, a key withdrawn) empties the memo, so values under a
 * removed key stop decrypting at once. A destroyed visit's details may stay in memory until pushed out, reachable
 * only by its envelope, which no longer exists at rest.
 */
export class DecryptMemo {
  private plain = new Map<string, string>();
  private keyring: Keyring | null = null;

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.plain.size;
  }

  decrypt(stored: Uint8Array): string {
    const keyring = activeKeyring();
    if (keyring !== this.keyring) {
      this.plain = new Map();
      this.keyring = keyring;
    }
    const envelope = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).toString('latin1');
    const known = this.plain.get(envelope);
    if (known !== undefined) return known;
    const value = decryptValue(stored);
    if (this.plain.size >= this.limit) {
      // The oldest entry goes first (a Map iterates in insertion order): enough for a board's small working set.
      const oldest = this.plain.keys().next();
      if (!oldest.done) this.plain.delete(oldest.value);
    }
    this.plain.set(envelope, value);
    return value;
  }
}

// The live board's visitor details: every change at a site re-reads its few dozen visitors, two fields each, so a
// few busy sites fit many times over in well under a megabyte.
const boardMemo = new DecryptMemo(4096);

export const decryptBoardValue = (stored: Uint8Array): string => boardMemo.decrypt(stored);
