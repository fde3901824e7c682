import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { PostgresJsSession, PostgresJsTransaction } from 'drizzle-orm/postgres-js/session';
import type { Db, Tx } from './client.ts';
import { drizzleParts } from './drizzle-parts.ts';
import { withPreparedStatements } from './prepared.ts';
import type * as schema from './schema/index.ts';

type Schema = typeof schema;
type Relations = ExtractTablesWithRelations<Schema>;
type TxSession = ConstructorParameters<typeof PostgresJsTransaction<Schema, Relations>>[1];

/**
 * As db.transaction, with BEGIN sent together with the transaction's first statements instead of in a round trip of
 * its own (postgres.js waits for BEGIN's answer before it runs the callback). For the kiosk sign-in, whose statements
 * then go in one round trip between BEGIN and COMMIT. Savepoints (tx.transaction) are not available inside.
 */
export async function transactionWithPipelinedBegin<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { dialect, session } = drizzleParts(db);
  const connection = await session.client.reserve();
  try {
    const client = withPreparedStatements(connection);
    const begun = client.unsafe('begin');
    // What drizzle's own transaction builds around a postgres.js transaction, here around the reserved connection.
    const schemaConfig = Reflect.get(session, 'schema');
    const txSession: TxSession = new PostgresJsSession(client, dialect, schemaConfig, Reflect.get(session, 'options'));
    // Without the schema: given it, drizzle builds a relational query builder for every table of it on every
    // transaction (about 3 % of all a sign-in allocates). They are built only if a statement asks for them.
    const tx = new PostgresJsTransaction<Schema, Relations>(dialect, txSession, undefined);
    Object.defineProperty(tx, 'query', {
      get: () => new PostgresJsTransaction<Schema, Relations>(dialect, txSession, schemaConfig).query,
    });
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
