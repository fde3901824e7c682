import type { SQL } from 'drizzle-orm';
import type { PreparedQueryConfig } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.ts';
import { drizzleParts } from './drizzle-parts.ts';
import { preparedQueries } from './prepared-query.ts';

/**
 * A raw statement (an sql`` template whose values are `sql.placeholder`s) built once per variant instead of on every
 * db.execute, whose template walk was most of what a sign-in's rate count cost the server. Rows come back as
 * db.execute returns them; values are sent as given, as db.execute sends them, except placeholders bound to a column
 * (those of a query builder's insert, see placeholderRows), which go through its encoder. `keyOf` tells variants apart
 * as in preparedQueries.
 */
export function preparedSqlVariants<K, R>(build: (variant: K, db: DbOrTx) => SQL, keyOf?: (variant: K) => unknown) {
  return preparedQueries((db: DbOrTx, variant: K) => {
    const { dialect, session } = drizzleParts(db);
    return session.prepareQuery<PreparedQueryConfig & { execute: R[] }>(
      dialect.sqlToQuery(build(variant, db)),
      undefined,
      undefined,
      false,
    );
  }, keyOf);
}
