import { sql } from 'drizzle-orm';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { withPreparedStatements } from './prepared.ts';
import * as schema from './schema/index.ts';

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle; queries accept either, so callers decide the transaction boundary. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  sql: postgres.Sql;
  close: () => Promise<void>;
}

/** True when the database answers a trivial query (for /health). */
export async function pingDatabase(db: Db): Promise<boolean> {
  return db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );
}

/**
 * Limits that turn an unreachable database into a prompt error instead of a request that hangs: a connection that
 * cannot be made within 5 s, a query that waits 10 s for a free connection, or one that gets no answer within
 * 30 s (a network that silently drops packets; PostgreSQL's own limits cannot help there) rejects. The pool
 * reconnects by itself for the next query.
 */
export const connectionLimits = {
  connect_timeout: 5,
  queue_timeout: 10,
  query_timeout: 30,
  backoff: reconnectBackoff,
} as const;

/**
 * Seconds before the pool tries to reconnect, after `attempts` failures: at most 2 s, jittered so processes do not
 * knock in step. postgres.js's own grows to 20 s, which after a 10 s outage kept requests refused for up to 17 s more.
 */
export function reconnectBackoff(attempts: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.1 * 2 ** attempts, 2);
}

export function createDb(url: string, options: { max?: number; applicationName?: string } = {}): DbHandle {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    ...connectionLimits,
    ...(options.applicationName ? { connection: { application_name: options.applicationName } } : {}),
  });
  const db = drizzle(withPreparedStatements(client), { schema });
  return { db, sql: client, close: () => client.end({ timeout: 5 }) };
}
