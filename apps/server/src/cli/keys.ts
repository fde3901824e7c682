import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import {
  createDb,
  formatKeyring,
  keyFileOf,
  parseKeyring,
  type ReencryptCounts,
  reencryptAll,
  reindexNames,
} from '@threshold/db';
import type { Env } from '../env.ts';
import { safeMessage } from '../log.ts';
import { describedReindex } from '../name-index.ts';
import { openCliDatabase } from './database.ts';

export const KEYS_USAGE = `  keys rotate           (adds a new current key to THRESHOLD_KEY_FILE, or the demo's key file; new details
                        are encrypted with it once every server has restarted; the first key listed also keys
                        name search: never remove it)
  keys reencrypt [--batch N]
                        (moves details under older keys, or stored before encryption, to the current key, N
                        rows of each kind at a time (default 500): visits, signatures, deny-list entries,
                        screening notes and the addresses of emails not yet sent; each batch recorded with its
                        counts)
  keys reindex [--batch N]
                        (rewrites the name-search and deny-list hashes of visitors' names that this release
                        folds differently (ł as l, æ as ae …); run once after upgrading; safe to repeat)`;

const config = (env: Env) => ({
  keys: env.THRESHOLD_KEYS,
  keyFile: env.THRESHOLD_KEY_FILE,
  embeddedDataDir: env.DATABASE_URL ? undefined : env.dataDir,
});

/** `keys rotate` / `keys reencrypt`: the exit code, or null for any other command. */
export async function runKeysCommand(argv: string[], env: Env): Promise<number | null> {
  if (argv[0] !== 'keys') return null;
  try {
    return await keysCommand(argv, env);
  } catch (err) {
    console.error(safeMessage(err));
    return 1;
  }
}

async function keysCommand(argv: string[], env: Env): Promise<number> {
  if (argv[1] === 'rotate' && argv.length === 2) return rotate(env);
  if (argv[1] === 'reencrypt' || argv[1] === 'reindex') {
    const at = argv.indexOf('--batch');
    const batchSize = at === -1 ? 500 : Number(argv[at + 1]);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
      console.error('--batch must be a whole number from 1 to 10000');
      return 2;
    }
    return argv[1] === 'reencrypt' ? reencrypt(env, batchSize) : reindex(env, batchSize);
  }
  console.error(
    `Usage: npm run threshold -- keys (rotate | reencrypt [--batch N] | reindex [--batch N])\n${KEYS_USAGE}`,
  );
  return 2;
}

async function rotate(env: Env): Promise<number> {
  const file = keyFileOf(config(env));
  const line = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
  if (file === null) {
    const keyring = parseKeyring(env.THRESHOLD_KEYS ?? '', 'THRESHOLD_KEYS');
    const id = nextId([...keyring.keys.keys()]);
    console.log(
      `THRESHOLD_KEYS is set in the environment, which this command cannot change. Append this entry to it on every ` +
        `server (comma-separated, last = current), restart them, then run keys reencrypt:\n${line(id)}`,
    );
    return 0;
  }
  const keyring = parseKeyring(await readFile(file, 'utf8'), `The key file ${file}`);
  const id = nextId([...keyring.keys.keys()]);
  const text = `${formatKeyring(keyring)}${line(id)}\n`;
  await writeFile(file, text, { mode: 0o600 });
  console.log(
    `Added key ${id} to ${file} as the current key. Restart every server (each must have the same file), then run ` +
      'keys reencrypt to move older details under it.',
  );
  return 0;
}

function nextId(ids: string[]): string {
  let n = ids.length + 1;
  while (ids.includes(`k${n}`)) n++;
  return `k${n}`;
}

const described = (c: ReencryptCounts) =>
  `${c.visits} visits, ${c.signatures} signatures, ${c.denyListEntries} deny-list entries, ${c.screeningNotes} screening notes and ${c.outboxMessages} email addresses`;

async function reencrypt(env: Env, batchSize: number): Promise<number> {
  const { ownerUrl, close } = await openCliDatabase(env);
  // The owner role: only it may rewrite a signature's encrypted image (migration 0015).
  const owner = createDb(ownerUrl, { max: 1 });
  try {
    const total = await reencryptAll(owner.db, {
      batchSize,
      via: 'cli',
      onBatch: (c) => console.log(`re-encrypted ${described(c)}`),
    });
    console.log(`Done: ${described(total)} are now under the current key.`);
    return 0;
  } finally {
    await owner.close();
    await close();
  }
}

async function reindex(env: Env, batchSize: number): Promise<number> {
  const { ownerUrl, close } = await openCliDatabase(env);
  const owner = createDb(ownerUrl, { max: 1 });
  try {
    const total = await reindexNames(owner.db, { batchSize, onBatch: (c) => console.log(describedReindex(c)) });
    // Names still stored in clear (from before encryption) are skipped: keys reencrypt indexes them as it encrypts.
    console.log(`Done: ${describedReindex(total)}.`);
    return 0;
  } finally {
    await owner.close();
    await close();
  }
}
