import type postgres from 'postgres';
import type { DbOrTx } from './client.ts';

/**
 * Runs SQL text with positional parameters ($1…) on the caller's connection, inside its transaction if it has one:
 * for a library that brings its own SQL (pg-boss's insert), so what it writes commits, or rolls back, with the
 * caller's change. Rows come back as `{ rows }`, as node-postgres gives them.
 */
export function executeSqlOn(db: DbOrTx) {
  // drizzle's postgres-js session keeps the postgres.js client as `client` (not in its types; see prepared-query.ts).
  const session: unknown = Reflect.get(db, 'session');
  const client: unknown = session && typeof session === 'object' ? Reflect.get(session, 'client') : undefined;
  if (typeof client !== 'function') throw new Error('drizzle session without a postgres.js client');
  const sql = client as postgres.Sql;
  return async (text: string, values: unknown[] = []) => {
    // node-postgres sends undefined as NULL; postgres.js refuses it.
    const params = values.map((v) => (v === undefined ? null : v)) as postgres.ParameterOrJSON<never>[];
    return { rows: await sql.unsafe(text, params) };
  };
}
