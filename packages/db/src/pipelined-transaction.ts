import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { PostgresJsSession, PostgresJsTransaction } from 'drizzle-orm/postgres-js/session';
import type { Db, Tx } from './client.ts';
import { withPreparedStatements } from './prepared.ts';
import type * as schema from './schema/index.ts';

/**
 * As db.transaction, with BEGIN sent together with the transaction's first statements instead of in a round trip of
 * its own (postgres.js waits for BEGIN's answer before it runs the callback). For the kiosk sign-in, whose statements
 * then go in one round trip between BEGIN and COMMIT. Savepoints (tx.transaction) are not available inside.
 */
export async function transactionWithPipelinedBegin<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { pool, dialect, session } = drizzleParts(db);
  const connection = await pool.reserve();
  try {
    const client = withPreparedStatements(connection);
    const begun = client.unsafe('begin');
    // What drizzle's own transaction builds around a postgres.js transaction, here around the reserved connection.
    const schemaConfig = Reflect.get(session, 'schema');
    const tx = new PostgresJsTransaction<typeof schema, ExtractTablesWithRelations<typeof schema>>(
      dialect,
      new PostgresJsSession(client, dialect, schemaConfig, Reflect.get(session, 'options')),
      schemaConfig,
    );
    let result: T;
    try {
      [, result] = await Promise.all([begun, fn(tx)]);
    } catch (err) {
      await client.unsafe('rollback').catch(() => {});
      throw err;
    }
    const done = await client.unsafe('commit');
    // A statement that failed unnoticed leaves the transaction aborted, and COMMIT is then answered with ROLLBACK.
    if (done.command !== 'COMMIT') throw new Error('PostgreSQL rolled the transaction back instead of committing it');
    return result;
  } finally {
    connection.release();
  }
}

// drizzle keeps its dialect and session on the database object (not in its types): checked, so that an upgrade that
// moves them fails the first sign-in loudly instead of running statements outside a transaction.
function drizzleParts(db: Db) {
  const dialect: unknown = Reflect.get(db, 'dialect');
  const session: unknown = Reflect.get(db, 'session');
  if (!(dialect instanceof PgDialect) || !(session instanceof PostgresJsSession)) {
    throw new Error('drizzle database without its postgres.js session and dialect');
  }
  return { pool: session.client, dialect, session };
}
