import { createHmac, hkdfSync } from 'node:crypto';

/**
 * The keys that encrypt visitors' personal data. Every key ever used stays listed so old values still decrypt;
 * new values use `current` (the last listed). The blind-index key is derived from the FIRST key listed, so search
 * keeps working across rotations: that key must never be removed.
 */
export interface Keyring {
  keys: ReadonlyMap<string, Buffer>;
  current: string;
  indexKey: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const FORMAT = 'lines of id:base64 (a 32-byte key each; the last line is the current key)';

/**
 * Parses a key list: `id:base64` entries separated by commas or new lines (the last is current), or JSON
 * `{"current": "k2", "keys": {"k1": "base64", "k2": "base64"}}`. `source` names where it came from in errors.
 */
export function parseKeyring(text: string, source: string): Keyring {
  const trimmed = text.trim();
  let entries: [string, string][];
  let current: string | undefined;
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new Error(`${source} is not valid JSON`);
    }
    const { keys, current: named } = (parsed ?? {}) as { keys?: unknown; current?: unknown };
    if (typeof keys !== 'object' || keys === null) throw new Error(`${source} has no "keys" object`);
    entries = Object.entries(keys).map(([id, value]) => [id, String(value)]);
    if (named !== undefined) current = String(named);
  } else {
    entries = trimmed
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter((s) => s !== '' && !s.startsWith('#'))
      .map((entry) => {
        const at = entry.indexOf(':');
        if (at < 1) throw new Error(`${source} must hold ${FORMAT}; an entry has no "id:"`);
        return [entry.slice(0, at), entry.slice(at + 1)];
      });
  }
  if (entries.length === 0) throw new Error(`${source} holds no keys; it must hold ${FORMAT}`);
  const keys = new Map<string, Buffer>();
  for (const [id, value] of entries) {
    if (!KEY_ID.test(id)) throw new Error(`${source}: key id "${id}" must be 1-32 letters, digits, - or _`);
    if (keys.has(id)) throw new Error(`${source}: key id "${id}" is listed twice`);
    const key = Buffer.from(value.trim(), 'base64');
    if (key.length !== 32) throw new Error(`${source}: key "${id}" must be 32 bytes in base64 (it is ${key.length})`);
    keys.set(id, key);
  }
  const ids = [...keys.keys()];
  const chosen = current ?? ids[ids.length - 1] ?? '';
  if (!keys.has(chosen)) throw new Error(`${source}: the current key "${chosen}" is not listed`);
  return { keys, current: chosen, indexKey: deriveIndexKey(keys.get(ids[0] ?? '') ?? Buffer.alloc(0)) };
}

/** A keyring in the line format parseKeyring reads. */
export function formatKeyring(keyring: Keyring): string {
  const lines = [...keyring.keys].map(([id, key]) => `${id}:${key.toString('base64')}`);
  // The current key goes last, which is what the line format means by current.
  const current = lines.find((l) => l.startsWith(`${keyring.current}:`)) ?? '';
  return `${[...lines.filter((l) => l !== current), current].join('\n')}\n`;
}

function deriveIndexKey(root: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), 'threshold blind index v1', 32));
}

let active: Keyring | null = null;

/** Makes `keyring` the process's keys (the server at start-up, tests in their setup). */
export function useKeyring(keyring: Keyring): void {
  active = keyring;
}

export function activeKeyring(): Keyring {
  if (active === null) {
    throw new Error(
      'Encryption keys are not configured in this process: set THRESHOLD_KEY_FILE or THRESHOLD_KEYS before reading or writing visitor details',
    );
  }
  return active;
}

/** HMAC-SHA256 under the blind-index key, shortened to 12 bytes (base64url, 16 characters). */
export function blindToken(value: string): string {
  return createHmac('sha256', activeKeyring().indexKey)
    .update(value, 'utf8')
    .digest()
    .subarray(0, 12)
    .toString('base64url');
}
