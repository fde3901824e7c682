import { type Column, DrizzleQueryError, is, mapResultRow, Param, Placeholder, type SQL, sql } from 'drizzle-orm';
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import type { Sql } from 'postgres';
import type { DbOrTx } from './client.ts';

interface Executable<R> {
  execute(values: Record<string, unknown>): Promise<R>;
}

/**
 * A query drizzle builds once (with `sql.placeholder`s) instead of on every call: building walks the schema objects
 * and was a fifth of the server's CPU per sign-in. drizzle ties a prepared query to the connection it was prepared
 * on, so each call runs a copy whose client is the caller's (a transaction's, or the pool's): the SQL text, the
 * parameter encoders (encryption included) and the row mapping are shared, the transaction boundary stays the
 * caller's. postgres.js then names the statement per connection (see prepared.ts). The call itself is run here, as
 * drizzle's execute runs it, without its per-call layers (entity checks on every parameter, tracing and cache wraps).
 */
export function preparedQuery<R>(build: (db: DbOrTx) => Executable<R>) {
  let run: Runner<R> | undefined;
  return (db: DbOrTx, values: object): Promise<R> => {
    run ??= runner(build(db));
    return run(clientOf(db), values as Record<string, unknown>);
  };
}

/**
 * The same, one prepared query per variant (a multi-row insert per row count, an update per set of columns); variants
 * are told apart by `keyOf` (the variant itself by default).
 */
export function preparedQueries<K, R>(
  build: (db: DbOrTx, variant: K) => Executable<R>,
  keyOf: (variant: K) => unknown = (variant) => variant,
) {
  const byVariant = new Map<unknown, (db: DbOrTx, values: object) => Promise<R>>();
  return (db: DbOrTx, variant: K, values: object): Promise<R> => {
    const key = keyOf(variant);
    let run = byVariant.get(key);
    if (!run) {
      run = preparedQuery((inner) => build(inner, variant));
      byVariant.set(key, run);
    }
    return run(db, values);
  };
}

/**
 * A multi-row insert of these columns, one prepared statement per row count: placeholders named by column and row
 * (kind0, payload0, kind1, …).
 */
export function preparedInsertRows<T extends PgTable, C extends keyof T['$inferInsert'] & string>(
  name: string,
  table: T,
  columns: readonly C[],
) {
  const rowsOf = placeholderRows(table, columns);
  const insert = preparedQueries((db, count: number) => rowsOf.insert(db, count).prepare(name));
  return async (db: DbOrTx, rows: readonly Record<C, unknown>[]): Promise<void> => {
    if (rows.length === 0) return;
    const values: Record<string, unknown> = {};
    rowsOf.bind(values, rows);
    await insert(db, rows.length, values);
  };
}

/**
 * An insert of `count` rows of these columns whose values are placeholders named `${prefix}${column}${row}`, and how
 * to fill them from rows; distinct prefixes let several such inserts share one statement. The names are made once per
 * row index, so a call only copies its rows' values.
 */
export function placeholderRows<T extends PgTable, C extends keyof T['$inferInsert'] & string>(
  table: T,
  columns: readonly C[],
  prefix = '',
) {
  const fieldsByRow: [column: C, placeholder: string][][] = [];
  const fieldsOf = (i: number) => (fieldsByRow[i] ??= columns.map((column) => [column, `${prefix}${column}${i}`]));
  return {
    insert: (db: DbOrTx, count: number) =>
      db.insert(table).values(Array.from({ length: count }, (_, i) => placeholderRow<T>(fieldsOf(i)))),
    bind: (values: Record<string, unknown>, rows: readonly Record<C, unknown>[]) => {
      rows.forEach((row, i) => {
        for (const [column, placeholder] of fieldsOf(i)) values[placeholder] = row[column];
      });
    },
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

// drizzle exports its row mapper at run time but leaves it out of its published types (it is internal).
declare module 'drizzle-orm' {
  function mapResultRow<T>(fields: unknown[], row: unknown[], joinsNotNullableMap?: Record<string, boolean>): T;
}

type Runner<R> = (client: Sql, values: Record<string, unknown>) => Promise<R>;
type Parameter = postgres.ParameterOrJSON<never>;

// drizzle's postgres-js session keeps the postgres.js client as `client` (not in its types): checked here so a drizzle
// upgrade that moves it fails the first query loudly instead of leaving a transaction.
function clientOf(db: DbOrTx): Sql {
  const session: unknown = Reflect.get(db, 'session');
  const client: unknown = session && typeof session === 'object' ? Reflect.get(session, 'client') : undefined;
  if (!isSql(client)) throw new Error('drizzle session without a postgres.js client');
  return client;
}

function isSql(client: unknown): client is Sql {
  return typeof client === 'function' && typeof Reflect.get(client, 'unsafe') === 'function';
}

/**
 * What drizzle's PostgresJsPreparedQuery.execute does, from the parts it keeps (not in its types, checked here):
 * placeholders filled through their columns' encoders, rows mapped by its fields, failures wrapped as drizzle wraps
 * them. Each parameter's way to its value is worked out once, here, instead of on every call.
 */
function runner<R>(prepared: Executable<R>): Runner<R> {
  const query: unknown = Reflect.get(prepared, 'queryString');
  const params: unknown = Reflect.get(prepared, 'params');
  const fields: unknown[] | undefined = Reflect.get(prepared, 'fields');
  const joins: Record<string, boolean> | undefined = Reflect.get(prepared, 'joinsNotNullableMap');
  const mapRows: ((rows: unknown[][]) => R) | undefined = Reflect.get(prepared, 'customResultMapper');
  const prepare: unknown = Reflect.get(prepared, 'prepare');
  if (
    typeof query !== 'string' ||
    !Array.isArray(params) ||
    typeof prepare !== 'boolean' ||
    !Array.isArray(fields ?? []) ||
    typeof mapResultRow !== 'function'
  )
    throw new Error('drizzle prepared query without its text, parameters and fields');
  const binders = params.map(binder);
  return async (client, values) => {
    const bound = binders.map((bind) => bind(values));
    try {
      // The rows as postgres.js gives them, which the query's builder typed as R.
      if (!fields && !mapRows) return (await client.unsafe(query, bound, { prepare })) as R;
      const rows = await client.unsafe(query, bound, { prepare }).values();
      return mapRows ? mapRows(rows) : (rows.map((row) => mapResultRow(fields ?? [], row, joins)) as R);
    } catch (err) {
      throw new DrizzleQueryError(query, bound, err instanceof Error ? err : undefined);
    }
  };
}

type Binder = (values: Record<string, unknown>) => Parameter;

/**
 * How one parameter gets its value. A query built with values sends null as NULL without its column's encoder; a
 * placeholder's value would go through the encoder whatever it is, and an encrypting column cannot encrypt null, so
 * null is passed through, as unprepared.
 */
function binder(param: unknown): Binder {
  const value = (name: string, encode: (given: unknown) => unknown) => (values: Record<string, unknown>) => {
    if (!(name in values)) throw new Error(`No value for placeholder "${name}" was provided`);
    const given = values[name];
    // The encoders give driver values (text, numbers, buffers, dates), which postgres.js's type does not know of.
    return (given === null ? null : encode(given)) as Parameter;
  };
  if (is(param, Placeholder)) return value(param.name, (given) => given);
  if (is(param, Param) && is(param.value, Placeholder)) {
    const { encoder } = param;
    return value(param.value.name, (given) => encoder.mapToDriverValue(given));
  }
  return () => param as Parameter;
}
