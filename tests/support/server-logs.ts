import { createHash } from 'node:crypto';
import { appendFileSync, createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

// Every server the suites start writes its output here, and every secret the suites use is listed beside it, so a
// scan after the run (logscan/) can prove no log line holds personal data or a secret.

// THRESHOLD_SERVER_LOG_DIR gives a run its own folder (say, while someone else runs tests in the same checkout).
export const serverLogDir =
  process.env.THRESHOLD_SERVER_LOG_DIR ?? fileURLToPath(new URL('../artifacts/server-logs/', import.meta.url));
export const secretsFile = join(serverLogDir, 'secrets.txt');

let started = 0;

/** A new log file for one process (`server`, or `cli`), named after the test file that started it. */
export function serverLogFile(label: 'server' | 'cli' = 'server'): WriteStream {
  mkdirSync(serverLogDir, { recursive: true });
  const testFile = basename(expect.getState().testPath ?? 'unknown');
  started += 1;
  return createWriteStream(join(serverLogDir, `${testFile}-${label}-${process.pid}-${started}.log`));
}

export type SecretKind =
  | 'visitor'
  | 'email'
  | 'visit-code'
  | 'pin'
  | 'password'
  | 'kiosk-token'
  | 'session'
  | 'pairing-code'
  | 'totp'
  | 'database-password';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/**
 * Records a value the suite uses that must never reach a server log. With `hashed`, its SHA-256 (hex) too: the
 * server keeps tokens and codes as such hashes, and a hash in a log is as good as the row it came from.
 */
export function rememberSecret(kind: SecretKind, value: string | null | undefined, opts: { hashed?: boolean } = {}) {
  if (!value) return;
  mkdirSync(serverLogDir, { recursive: true });
  const lines = [{ kind, value }];
  if (opts.hashed) lines.push({ kind, value: sha256(value) });
  appendFileSync(secretsFile, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
}

/** The session token inside each `threshold.session_token=<token>.<signature>` of a Cookie header, and the value. */
export function rememberCookie(cookie: string | undefined): void {
  for (const pair of (cookie ?? '').split(';')) {
    const value = decodeURIComponent(pair.trim().split('=').slice(1).join('='));
    if (!value) continue;
    rememberSecret('session', value);
    const dot = value.lastIndexOf('.');
    if (dot > 0) rememberSecret('session', value.slice(0, dot), { hashed: true });
  }
}

/** The passwords in a configured DATABASE_URL and DATABASE_OWNER_URL, which no line may show, the banner included. */
export function rememberDatabasePasswords(env: Record<string, string | undefined>): void {
  for (const url of [env.DATABASE_URL, env.DATABASE_OWNER_URL]) {
    if (url) rememberSecret('database-password', decodeURIComponent(new URL(url).password));
  }
}

/** What a visitor typed at the kiosk: name, organisation, email and the host they came to see. */
export function rememberVisitor(visitor: { fullName: string; organisation: string; email?: string; host?: string }) {
  rememberSecret('visitor', visitor.fullName);
  rememberSecret('visitor', visitor.organisation);
  rememberSecret('visitor', visitor.host);
  rememberSecret('email', visitor.email);
}
