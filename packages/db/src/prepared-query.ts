import { type Column, is, Param, Placeholder, type SQL, sql } from 'drizzle-orm';
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.ts';

interface Executable<R> {
  execute(values: Record<string, unknown>): Promise<R>;
}

/**
 * A query drizzle builds once (with `sql.placeholder`s) instead of on every call: building walks the schema objects
 * and was a fifth of the server's CPU per sign-in. drizzle ties a prepared query to the connection it was prepared
 * on, so each call runs a copy whose client is the caller's (a transaction's, or the pool's): the SQL text, the
 * parameter encoders (encryption included) and the row mapping are shared, the transaction boundary stays the
 * caller's. postgres.js then names the statement per connection (see prepared.ts).
 */
export function preparedQuery<R>(build: (db: DbOrTx) => Executable<R>) {
  let prepared: Executable<R> | undefined;
  return (db: DbOrTx, values: object): Promise<R> => {
    prepared ??= checked(build(db));
    const bound: Executable<R> = Object.create(prepared, { client: { value: clientOf(db) } });
    return bound.execute(values as Record<string, unknown>);
  };
}

/** The same, one prepared query per variant (a multi-row insert per row count, an update per set of columns). */
export function preparedQueries<K, R>(build: (db: DbOrTx, variant: K) => Executable<R>) {
  const byVariant = new Map<K, (db: DbOrTx, values: object) => Promise<R>>();
  return (db: DbOrTx, variant: K, values: object): Promise<R> => {
    let run = byVariant.get(variant);
    if (!run) {
      run = preparedQuery((inner) => build(inner, variant));
      byVariant.set(variant, run);
    }
    return run(db, values);
  };
}

/**
 * A multi-row insert of these columns, one prepared statement per row count: placeholders named by column and row
 * (kind0, payload0, kind1, …). The names are made once per row index, so a call only copies its rows' values.
 */
export function preparedInsertRows<T extends PgTable, C extends keyof T['$inferInsert'] & string>(
  name: string,
  table: T,
  columns: readonly C[],
) {
  const fieldsByRow: [column: C, placeholder: string][][] = [];
  const fieldsOf = (i: number) => (fieldsByRow[i] ??= columns.map((column) => [column, `${column}${i}`]));
  const insert = preparedQueries((db, count: number) =>
    db
      .insert(table)
      .values(Array.from({ length: count }, (_, i) => placeholderRow<T>(fieldsOf(i))))
      .prepare(name),
  );
  return async (db: DbOrTx, rows: readonly Record<C, unknown>[]): Promise<void> => {
    if (rows.length === 0) return;
    const values: Record<string, unknown> = {};
    rows.forEach((row, i) => {
      for (const [column, placeholder] of fieldsOf(i)) values[placeholder] = row[column];
    });
    await insert(db, rows.length, values);
  };
}

function placeholderRow<T extends PgTable>(fields: [column: string, placeholder: string][]): PgInsertValue<T> {
  const row: Record<string, Placeholder> = {};
  for (const [column, placeholder] of fields) row[column] = sql.placeholder(placeholder);
  // Keyed by the table's own column names (preparedInsertRows' type parameter checks them), each a placeholder.
  return row as PgInsertValue<T>;
}

/**
 * A placeholder for a value of this column, for update's set() (which types its values as values or SQL): bound with
 * the column's encoder like a value would be (dates to text, encrypted columns encrypted).
 */
export function placeholderFor(name: string, column: Column): SQL {
  return sql`${new Param(sql.placeholder(name), column)}`;
}

// drizzle's postgres-js session and prepared query both keep the postgres.js client as `client` (not in its types):
// checked here so a drizzle upgrade that moves it fails the first query loudly instead of leaving a transaction.
function clientOf(db: DbOrTx): unknown {
  const session: unknown = Reflect.get(db, 'session');
  const client: unknown = session && typeof session === 'object' ? Reflect.get(session, 'client') : undefined;
  if (typeof client !== 'function') throw new Error('drizzle session without a postgres.js client');
  return client;
}

function checked<R>(prepared: Executable<R>): Executable<R> {
  const params: unknown = Reflect.get(prepared, 'params');
  if (!Object.hasOwn(prepared, 'client') || !Array.isArray(params))
    throw new Error('drizzle prepared query without its own client and parameters');
  // A query built with values sends null as NULL without its column's encoder; a placeholder's value goes through
  // the encoder whatever it is, and an encrypting column cannot encrypt null. Null is passed through, as unprepared.
  params.forEach((param: unknown, i) => {
    if (!is(param, Param) || !is(param.value, Placeholder)) return;
    const { encoder } = param;
    params[i] = new Param(param.value, {
      mapToDriverValue: (value: unknown) => (value === null ? null : encoder.mapToDriverValue(value)),
    });
  });
  return prepared;
}
