import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { activeKeyring } from './keyring.ts';

// An encrypted value: [version 1][key id length][key id][IV 12][tag 16][ciphertext]. The header (version and key
// id) is authenticated too, so a value cannot be moved under another key id unnoticed.
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A stored value that cannot be decrypted: tampered with, truncated, or under a key this server lacks. */
export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`A stored visitor detail cannot be decrypted: ${reason}`);
    this.name = 'DecryptionError';
  }
}

/** The header every value under `keyId` starts with (the re-encryption finds older values by it). */
export function envelopeHeader(keyId: string): Buffer {
  const id = Buffer.from(keyId, 'ascii');
  return Buffer.concat([Buffer.from([VERSION, id.length]), id]);
}

/** AES-256-GCM under the current key, with a fresh random IV. */
export function encryptBytes(plain: Buffer): Buffer {
  const keyring = activeKeyring();
  const key = keyring.keys.get(keyring.current);
  if (key === undefined) throw new Error(`the current key "${keyring.current}" is not in the keyring`);
  const header = envelopeHeader(keyring.current);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), body]);
}

export function decryptBytes(stored: Uint8Array): Buffer {
  const value = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (value.length < 2 || value[0] !== VERSION) throw new DecryptionError('it is not an encrypted value (version)');
  const idLength = value[1] ?? 0;
  const start = 2 + idLength;
  if (value.length < start + IV_BYTES + TAG_BYTES) throw new DecryptionError('it is too short');
  const keyId = value.subarray(2, start).toString('ascii');
  const key = activeKeyring().keys.get(keyId);
  if (key === undefined) throw new DecryptionError(`its key "${keyId}" is not configured`);
  const decipher = createDecipheriv('aes-256-gcm', key, value.subarray(start, start + IV_BYTES));
  decipher.setAAD(value.subarray(0, start));
  decipher.setAuthTag(value.subarray(start + IV_BYTES, start + IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(value.subarray(start + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError(`it fails authentication under key "${keyId}" (altered or corrupted)`);
  }
}

export const encryptValue = (plain: string): Buffer => encryptBytes(Buffer.from(plain, 'utf8'));
export const decryptValue = (stored: Uint8Array): string => decryptBytes(stored).toString('utf8');

/** A raw-SQL row type whose fields K arrive as envelopes, to be decrypted in JS. */
export type Sealed<T, K extends keyof T> = Omit<T, K> & { [P in K]: Buffer };
