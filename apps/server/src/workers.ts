import { availableParallelism } from 'node:os';
import type { Env } from './env.ts';

/** THRESHOLD_WORKERS, else one process per core in production (node is single-threaded) and one otherwise. */
export function workerCount(env: Env): number {
  return env.THRESHOLD_WORKERS ?? (env.NODE_ENV === 'production' ? availableParallelism() : 1);
}

/**
 * The most connections one server process opens: its request pool (THRESHOLD_DB_POOL, 10 by default), the owner's
 * pool (2), pg-boss (4), the live-event, site and kiosk listeners (3) and the retention purge's owner pool (2).
 */
export function connectionsPerProcess(env: Pick<Env, 'THRESHOLD_DB_POOL'>): number {
  return env.THRESHOLD_DB_POOL + 11;
}

/**
 * max_connections for the embedded PostgreSQL: every worker's connections, plus room for the CLI, a backup, an
 * operator's psql and a load test. PostgreSQL's default of 100 is full at five workers, and one more is then
 * refused ("remaining connection slots are reserved") under load.
 */
export function embeddedMaxConnections(env: Env): number {
  return Math.max(100, workerCount(env) * connectionsPerProcess(env) + 100);
}
