import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedDatabase, freePort, migrateDatabase, roleOf, startEmbeddedPostgres } from '@threshold/db';

/** A PostgreSQL the test starts, stops the hard way and starts again, given to the server as DATABASE_URL. */
export interface ControlledPostgres {
  ownerUrl: string;
  appUrl: string;
  appRole: string;
  port: number;
  /** `pg_ctl stop -m immediate`: SIGQUIT to the postmaster, no checkpoint, every connection cut. */
  stopImmediately: () => Promise<void>;
  /** Starts it again on the same folder and port (crash recovery replays the WAL). */
  startAgain: () => Promise<void>;
  /** Stops it and removes its folder. */
  close: () => Promise<void>;
}

/**
 * `durable`: PostgreSQL's own defaults (fsync, synchronous_commit). A test that crashes PostgreSQL needs them:
 * with `fast` (synchronous_commit=off) a commit is acknowledged before its WAL is written, so an immediate stop
 * can take acknowledged transactions with it — PostgreSQL's documented trade-off, not the application's fault.
 * A fault that leaves PostgreSQL running (terminated connections, a cut network) can use the fast settings.
 */
export async function startControlledPostgres(options: { durable: boolean }): Promise<ControlledPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'threshold-fault-'));
  const port = await freePort();
  const start = () => startEmbeddedPostgres(dir, { port, fast: !options.durable });
  let embedded: EmbeddedDatabase = await start();
  const appRole = roleOf(embedded.appUrl);
  await migrateDatabase(embedded.ownerUrl, appRole);
  const clusterDir = join(dir, 'pg');
  return {
    ownerUrl: embedded.ownerUrl,
    appUrl: embedded.appUrl,
    appRole,
    port,
    stopImmediately: async () => {
      const pid = await postmasterPid(clusterDir);
      if (pid === null) throw new Error('PostgreSQL is not running: nothing to stop');
      process.kill(pid, 'SIGQUIT');
      await waitUntilGone(pid);
    },
    startAgain: async () => {
      embedded = await start();
    },
    close: async () => {
      // After an immediate stop that was never followed by a start there is nothing left to stop.
      if ((await postmasterPid(clusterDir)) !== null) await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Stops a PostgreSQL still running in `clusterDir` (a server killed by the test leaves its embedded one behind):
 * cleanup after a test that failed before the server's next start took it over.
 */
export async function stopLeftoverPostgres(clusterDir: string): Promise<void> {
  const pid = await postmasterPid(clusterDir);
  if (pid === null) return;
  process.kill(pid, 'SIGINT');
  await waitUntilGone(pid);
}

/** The postmaster's pid from the first line of postmaster.pid, if that process is alive. */
export async function postmasterPid(clusterDir: string): Promise<number | null> {
  const text = await readFile(join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = Number(text?.split('\n')[0]);
  return text !== null && Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitUntilGone(pid: number): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 20) {
    if (!isAlive(pid)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not stop within 30 s`);
}
