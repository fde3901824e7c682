import { decryptValue } from './envelope.ts';
import { activeKeyring, type Keyring } from './keyring.ts';

/**
 * decryptValue for values read again and again: a bounded memo of plain text keyed by the whole stored envelope.
 * It does not widen what a compromised process gives away: the process holds the keys and decrypts these same
 * values on every read anyway. An envelope carries its random IV and authentication tag, so only bytes that once
 * passed authentication map to a plain value; anything else (tampered, truncated, another key) misses and is
 * decrypted, and fails, as before. A new keyring (rotation, a key withdrawn) empties the memo, so values under a
 * removed key stop decrypting at once. It is also emptied once its contents are `maxAgeMs` old (at the next read), so
 * a signed-out or destroyed visitor's name does not outlive its use in this process for long.
 */
export class DecryptMemo {
  private plain = new Map<string, string>();
  private keyring: Keyring | null = null;
  private startedAt = 0;

  constructor(
    private readonly limit: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.plain.size;
  }

  decrypt(stored: Uint8Array): string {
    const keyring = activeKeyring();
    const now = this.now();
    if (keyring !== this.keyring || now - this.startedAt > this.maxAgeMs) {
      this.plain = new Map();
      this.keyring = keyring;
      this.startedAt = now;
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
// few busy sites fit many times over in well under a megabyte. Started afresh every 10 minutes: re-decrypting a
// board's visitors that often costs nothing that shows.
const boardMemo = new DecryptMemo(4096, 10 * 60_000);

export const decryptBoardValue = (stored: Uint8Array): string => boardMemo.decrypt(stored);
