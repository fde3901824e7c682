import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { DatabaseProblem, explainDatabaseError, withheldValues } from './database-errors.ts';
import { pgErrorOf } from './provision.ts';

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

// Any fixed number: every Threshold process migrating this database waits for the one holding it.
const MIGRATION_LOCK = 7_264_011_427;

/**
 * Applies the committed migrations as the owner role, then grants the application role only what it
 * needs: it can read and write business tables but never rewrite or delete the audit trail or signed records, and
 * cannot read stored secrets. Two processes starting at once take turns (an advisory lock): the second finds nothing
 * left to do. Expected failures become a DatabaseProblem that says what to do.
 */
export async function migrateDatabase(ownerUrl: string, appRole?: string): Promise<void> {
  // One connection: the session lock, drizzle's checks and its transaction all run on it.
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder });
    } catch (err) {
      throw migrationProblem(err, ownerUrl);
    }
    if (appRole) await grantAppRole(sql, appRole);
  } catch (err) {
    if (err instanceof DatabaseProblem) throw err;
    throw explainDatabaseError(err, ownerUrl, 'migrate') ?? err;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Drizzle applies every pending migration in one transaction, so a failure leaves the database as it was. Names the
 * migration whose statement failed, with PostgreSQL's reason (values it may quote are withheld).
 */
function migrationProblem(err: unknown, ownerUrl: string): unknown {
  const pg = pgErrorOf(err) as (ReturnType<typeof pgErrorOf> & { message?: string }) | null;
  // Connection and privilege problems have their own advice.
  if (!pg || /^(08|28|3D|42501)/.test(pg.code)) return explainDatabaseError(err, ownerUrl, 'migrate') ?? err;
  const statement = (err as { query?: unknown }).query;
  const name = typeof statement === 'string' ? migrationHolding(statement) : null;
  return new DatabaseProblem(
    `${name ? `The database migration ${name}` : 'Preparing the database migrations'} failed: ${withheldValues(pg.code, pg.message ?? '')} ` +
      `(PostgreSQL ${pg.code}). Nothing was changed: the migrations run in one transaction, which was rolled back. ` +
      'Fix the data or the database it names, then start Threshold (or run `npm run threshold -- migrate`) again.',
    { cause: err },
  );
}

function migrationHolding(statement: string): string | null {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const wanted = statement.trim();
  for (const { tag } of journal.entries) {
    const text = readFileSync(join(migrationsFolder, `${tag}.sql`), 'utf8');
    if (text.split('--> statement-breakpoint').some((s) => s.trim() === wanted)) return tag;
  }
  return null;
}

async function grantAppRole(sql: postgres.Sql, role: string): Promise<void> {
  const r = sql(role);
  await sql`grant usage on schema public to ${r}`;
  await sql`grant select, insert, update, delete on all tables in schema public to ${r}`;
  await sql`grant usage, select on all sequences in schema public to ${r}`;
  await sql`revoke update, delete, truncate on audit_event from ${r}`;
  // A review sign-off is a record of what a coordinator attested: written once, never edited.
  await sql`revoke update, delete, truncate on log_review from ${r}`;
  // A visitor's signature and acknowledgements are evidence: never edited; deleted only by the owner (retention).
  await sql`revoke update, delete, truncate on visit_signature, visit_acknowledgement from ${r}`;
  // Secrets stay out of the application's reach: the auth secret lives in the environment or a file now, and a row
  // left from an older version is moved out by the owner at start (see apps/server/src/auth-secret.ts).
  await sql`revoke all on instance_secret from ${r}`;
  // The sealer runs as this role and fills in the hash chain; the append-only trigger lets it do so once per row.
  // (Granted after the revoke, which would also remove column grants.)
  await sql`grant update (seq, prev_hash, hash) on audit_event to ${r}`;
}

export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}
