import type { Sql, TransactionSql } from 'postgres';

type Unsafe = Sql['unsafe'];
type Scope = (inner: TransactionSql) => unknown;

/**
 * drizzle asks postgres.js for an unnamed statement on every query, so PostgreSQL parses and plans each one again and
 * every query costs a Parse/Describe exchange before it runs. Here each query with parameters becomes a named statement
 * instead, parsed once per connection and then only bound and executed (postgres.js keys its bounded cache by text and
 * parameter types, and prepares again by itself if a migration invalidates a plan). Queries without parameters are
 * left alone: postgres.js sends those as simple queries, which may hold several statements. Transactions and
 * savepoints get the same.
 */
export function withPreparedStatements<T extends Sql | TransactionSql>(sql: T): T {
  const unsafe: Unsafe = sql.unsafe.bind(sql);
  sql.unsafe = ((query, parameters, options) =>
    unsafe(query, parameters, parameters && parameters.length > 0 ? { ...options, prepare: true } : options)) as Unsafe;
  const scoped = sql as unknown as Record<string, unknown>;
  for (const opener of ['begin', 'savepoint']) {
    const open = scoped[opener];
    if (typeof open !== 'function') continue;
    scoped[opener] = (...args: unknown[]) => {
      const scope = args.pop() as Scope;
      return open.call(sql, ...args, (inner: TransactionSql) => scope(withPreparedStatements(inner)));
    };
  }
  return sql;
}
