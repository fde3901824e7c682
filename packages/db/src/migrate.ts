import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * Applies the committed migrations as the owner role, then grants the application role only what it
 * needs: it can read and write business tables but never rewrite or delete the audit trail or signed records, and
 * cannot read stored secrets.
 */
export async function migrateDatabase(ownerUrl: string, appRole?: string): Promise<void> {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder });
    if (appRole) await grantAppRole(sql, appRole);
  } finally {
    await sql.end({ timeout: 5 });
  }
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
