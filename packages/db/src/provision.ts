import postgres from 'postgres';

/** Creates the database and the (non-owner) application role if missing; safe to run on every start. */
export async function provisionDatabase(
  superUrl: string,
  opts: { database: string; appRole: string; appPassword: string },
): Promise<void> {
  const sql = postgres(superUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await sql`select 1 from pg_database where datname = ${opts.database}`;
    if (!exists) await sql`create database ${sql(opts.database)}`;
    try {
      await sql`create role ${sql(opts.appRole)} login password ${sql.unsafe(quoteLiteral(opts.appPassword))}`;
    } catch (err) {
      // Another process may have created the role first (duplicate_object / unique_violation).
      if (!isPgError(err, '42710') && !isPgError(err, '23505')) throw err;
    }
    await sql`alter role ${sql(opts.appRole)} with login password ${sql.unsafe(quoteLiteral(opts.appPassword))}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

// CREATE/ALTER ROLE take no bind parameters, so the password must be a quoted literal.
function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export interface PgErrorInfo {
  code: string;
  constraint_name?: string;
}

/**
 * The PostgreSQL error behind `err`, unwrapping drizzle's DrizzleQueryError (whose message quotes the
 * statement's parameters, so it must never be logged as is).
 */
export function pgErrorOf(err: unknown): PgErrorInfo | null {
  for (let e = err, depth = 0; e && depth < 5; depth++) {
    if (typeof e !== 'object') return null;
    if ((e as { name?: unknown }).name === 'PostgresError') return e as PgErrorInfo;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

export function isPgError(err: unknown, code: string): boolean {
  return pgErrorOf(err)?.code === code;
}
