import { randomBytes } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Keyring, parseKeyring } from './keyring.ts';

export interface KeyConfig {
  /** THRESHOLD_KEYS: the key list itself. */
  keys?: string | undefined;
  /** THRESHOLD_KEY_FILE: a file holding the key list. */
  keyFile?: string | undefined;
  /** The embedded demo's data folder: its key file is generated there on first start. */
  embeddedDataDir?: string | undefined;
}

const HOW =
  'Set THRESHOLD_KEY_FILE to a file readable only by Threshold holding a line "k1:<key>" (generate the key with: ' +
  'openssl rand -base64 32), or THRESHOLD_KEYS to "k1:<key>". Every server of this installation needs the same keys.';

/** The file an installation's keys live in, when they live in a file (the rotation CLI appends to it). */
export function keyFileOf(config: KeyConfig): string | null {
  if (config.keys) return null;
  return config.keyFile ?? (config.embeddedDataDir ? join(config.embeddedDataDir, 'encryption-keys') : null);
}

/**
 * The installation's keys: THRESHOLD_KEYS, else the file THRESHOLD_KEY_FILE names, else (embedded demo only) a key
 * file in the data folder, generated 0600 on first start. With an external database and none of these, start-up
 * stops: a generated key per server would leave each unable to read the others' visitors.
 */
export async function loadKeyring(config: KeyConfig): Promise<Keyring> {
  if (config.keys) return parseKeyring(config.keys, 'THRESHOLD_KEYS');
  const file = keyFileOf(config);
  if (file === null) throw new Error(`DATABASE_URL is set but no encryption keys are configured. ${HOW}`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new Error(`The key file ${file} cannot be read (${code})`);
    if (config.keyFile) throw new Error(`THRESHOLD_KEY_FILE names ${file}, which does not exist. ${HOW}`);
    text = `k1:${randomBytes(32).toString('base64')}\n`;
    // Written whole under a temporary name, then linked into place: readable by this user alone, never overwriting
    // keys already there, and never seen half-written by another server process starting at the same moment.
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
    try {
      await link(temporary, file);
    } catch (linkErr) {
      if ((linkErr as NodeJS.ErrnoException).code !== 'EEXIST') throw linkErr;
      text = await readFile(file, 'utf8');
    } finally {
      await unlink(temporary);
    }
  }
  return parseKeyring(text, `The key file ${file}`);
}
