import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../embedded.ts';
import { migrateDatabase } from '../migrate.ts';
import { provisionDatabase } from '../provision.ts';

export interface TestDatabase {
  /** The application role: what the server connects as. */
  appUrl: string;
  /** The owner role: migrations, and tests that must act as a privileged attacker. */
  ownerUrl: string;
  stop: () => Promise<void>;
}

/**
 * A real, migrated PostgreSQL for a test run: a fresh database on the server named by TEST_DATABASE_URL
 * (a role allowed to create databases and roles), or else a throwaway embedded cluster in a temp folder.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return onExternalServer(external);
  const dir = await mkdtemp(join(tmpdir(), 'threshold-test-'));
  const embedded = await startEmbeddedPostgres(dir, { fast: true });
  await migrateDatabase(embedded.ownerUrl, 'threshold_app');
  return {
    appUrl: embedded.appUrl,
    ownerUrl: embedded.ownerUrl,
    stop: async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function onExternalServer(adminUrl: string): Promise<TestDatabase> {
  const database = `threshold_test_${randomBytes(4).toString('hex')}`;
  const appRole = 'threshold_app_test';
  const appPassword = randomBytes(12).toString('hex');
  await provisionDatabase(adminUrl, { database, appRole, appPassword });
  const withDb = (url: string) => {
    const u = new URL(url);
    u.pathname = `/${database}`;
    return u.toString();
  };
  const ownerUrl = withDb(adminUrl);
  const app = new URL(ownerUrl);
  app.username = appRole;
  app.password = appPassword;
  await migrateDatabase(ownerUrl, appRole);
  return {
    appUrl: app.toString(),
    ownerUrl,
    stop: async () => {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await sql`drop database if exists ${sql(database)} with (force)`;
      await sql.end();
    },
  };
}
