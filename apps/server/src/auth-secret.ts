import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDb, deleteStoredSecret, findStoredSecret } from '@threshold/db';
import type { ResolvedDatabase } from './database.ts';
import type { Env } from './env.ts';

const GENERATE = 'generate one with: openssl rand -base64 48';

/**
 * The secret that signs session cookies and encrypts TOTP enrolments. It never lives where the application's
 * database role can read it: AUTH_SECRET, else the file AUTH_SECRET_FILE names, else (embedded PostgreSQL only) a
 * file in the data folder generated on first start. With DATABASE_URL and neither variable, start-up stops: a
 * generated secret per server would break sessions and two-factor sign-in across replicas.
 *
 * Earlier versions generated it into the table instance_secret. Such a secret is moved (as the owner role) into the
 * file, so existing two-factor enrolments still decrypt, and its row deleted.
 */
export async function resolveAuthSecret(env: Env, database: ResolvedDatabase): Promise<string> {
  const ownerUrl = database.embedded?.ownerUrl ?? env.DATABASE_OWNER_URL ?? env.DATABASE_URL;
  if (!ownerUrl) throw new Error('no database to read a stored auth secret from');
  const owner = createDb(ownerUrl, { max: 1 });
  try {
    const stored = await findStoredSecret(owner.db, { name: 'auth' });
    const secret = await chooseSecret(env, database, stored);
    if (stored !== null) await deleteStoredSecret(owner.db, { name: 'auth' });
    return secret;
  } finally {
    await owner.close();
  }
}

async function chooseSecret(env: Env, database: ResolvedDatabase, stored: string | null): Promise<string> {
  const file = env.AUTH_SECRET_FILE ?? (database.embedded ? join(env.dataDir, 'auth-secret') : null);
  const configured = env.AUTH_SECRET ?? (file ? await readSecretFile(file) : null);
  if (configured !== null) {
    if (stored !== null && stored !== configured) throw conflict(env.AUTH_SECRET ? 'AUTH_SECRET' : `The file ${file}`);
    return configured;
  }
  if (file === null) {
    throw new Error(
      stored === null
        ? `DATABASE_URL is set but no auth secret is configured. Set AUTH_SECRET (at least 32 characters) or ` +
            `AUTH_SECRET_FILE (a file holding it, readable only by Threshold); ${GENERATE}. Every server process ` +
            'of this installation needs the same secret.'
        : 'This installation keeps its auth secret in the database (table instance_secret), where the application ' +
            'role could read it. Set AUTH_SECRET_FILE to a path only Threshold can read: the next start moves the ' +
            'secret there, so two-factor enrolments keep working, and removes it from the database.',
    );
  }
  if (env.AUTH_SECRET_FILE && stored === null) {
    throw new Error(`AUTH_SECRET_FILE names ${file}, which does not exist; ${GENERATE} > ${file}`);
  }
  const value = stored ?? randomBytes(32).toString('base64url');
  // Readable by this user alone; `wx` never overwrites a secret that is already there.
  await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return value;
}

/** The trimmed secret in `file`, or null when the file does not exist. */
async function readSecretFile(file: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`The auth secret file ${file} cannot be read (${(err as NodeJS.ErrnoException).code})`);
  }
  const secret = text.trim();
  if (secret.length < 32) {
    throw new Error(`The auth secret file ${file} must hold at least 32 characters; ${GENERATE} > ${file}`);
  }
  return secret;
}

function conflict(variable: string): Error {
  return new Error(
    `${variable} differs from the auth secret an earlier start generated and kept in the database (table ` +
      'instance_secret), which two-factor enrolments were encrypted with. Unset AUTH_SECRET and set AUTH_SECRET_FILE ' +
      'to a new path to move the stored secret there; or, to give up those enrolments and sessions, delete the row ' +
      "as the owner role: delete from instance_secret where name = 'auth'.",
  );
}
