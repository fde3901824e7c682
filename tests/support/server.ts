import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@threshold/db';
import { TEST_KEYS } from '@threshold/db/testing/keys';
import { demo } from './api.ts';
import { ensureServerBuilt } from './server-build.ts';
import { rememberDatabasePasswords, rememberSecret, serverLogFile } from './server-logs.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  /** Everything the server printed so far. */
  output: () => string;
  pairingCode: () => string | null;
  /** Sends Ctrl-C (SIGINT) and resolves with the exit code once the process has gone. */
  stop: () => Promise<number | null>;
}

/**
 * With DATABASE_URL the server needs its auth secret configured (an embedded one generates its own); every process
 * of one test shares this one, as the servers of one installation must.
 */
export const TEST_AUTH_SECRET = 'e2e-auth-secret-shared-by-every-server-of-a-test';

/** Runs the real server as a child process on a free port. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  // Exactly what `npm start` runs (the compiled server), in its own process group so stop() can press Ctrl-C the way
  // a terminal does.
  const child = spawn(process.execPath, [ensureServerBuilt(repoRoot)], {
    cwd: join(repoRoot, 'apps/server'),
    detached: true,
    env: {
      ...withoutDatabaseVars(process.env),
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      THRESHOLD_EMBEDDED_FAST: '1',
      THRESHOLD_QUIET: '1',
      ...(env.DATABASE_URL ? { AUTH_SECRET: TEST_AUTH_SECRET } : {}),
      // The test process encrypts and decrypts visitor details with the same keys (testing/keys.ts).
      THRESHOLD_KEYS: TEST_KEYS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Kept for the log scan after the run (logscan/): it proves no line holds a secret the suite used.
  const log = serverLogFile();
  // A server on its embedded database seeds the demo accounts, whose PIN, password and addresses the tests then use.
  rememberDatabasePasswords(env);
  if (!env.DATABASE_URL) {
    rememberSecret('password', demo.password);
    rememberSecret('pin', demo.pin);
    for (const email of [demo.admin, demo.coordinator, demo.reception]) rememberSecret('email', email);
  }
  child.once('exit', () => log.end());
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
    log.write(d);
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
    log.write(d);
  });
  await waitFor(
    child,
    () => output.includes('Threshold is running'),
    () => output,
  );
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    pairingCode: () => {
      const code = /pairing code: (\d{6})/.exec(output)?.[1] ?? null;
      rememberSecret('pairing-code', code, { hashed: true });
      return code;
    },
    stop: () => stopChild(child),
  };
}

/** A fresh data folder for an embedded database. */
export function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'threshold-e2e-'));
}

/** The environment without the database and data-folder settings, so a test's server picks its own. */
export function withoutDatabaseVars(env: NodeJS.ProcessEnv): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && !['DATABASE_URL', 'DATABASE_OWNER_URL', 'THRESHOLD_DATA_DIR', 'PORT'].includes(k))
      copy[k] = v;
  }
  return copy;
}

function waitFor(child: ChildProcess, ready: () => boolean, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (ready()) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null || Date.now() - started > 90_000) {
        clearInterval(timer);
        reject(new Error(`server did not start (exit ${child.exitCode}):\n${output()}`));
      }
    }, 50);
  });
}

function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    // A terminal's Ctrl-C signals the whole foreground process group: the server and its PostgreSQL.
    if (child.pid) process.kill(-child.pid, 'SIGINT');
  });
}
