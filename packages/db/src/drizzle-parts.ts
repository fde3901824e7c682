import { PgDialect } from 'drizzle-orm/pg-core';
import { PostgresJsSession } from 'drizzle-orm/postgres-js/session';
import type { DbOrTx } from './client.ts';

/**
 * drizzle keeps its dialect and session on the database and transaction objects (not in its types): checked, so that
 * an upgrade that moves them fails the first query loudly instead of running statements outside a transaction.
 */
export function drizzleParts(db: DbOrTx) {
  const dialect: unknown = Reflect.get(db, 'dialect');
  const session: unknown = Reflect.get(db, 'session');
  if (!(dialect instanceof PgDialect) || !(session instanceof PostgresJsSession)) {
    throw new Error('drizzle database without its postgres.js session and dialect');
  }
  return { dialect, session };
}
