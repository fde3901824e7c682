import { prepareJobSchema } from '@threshold/api';
import { findRunningEmbedded, migrateDatabase, roleOf, startEmbeddedPostgres } from '@threshold/db';
import type { Env } from '../env.ts';

/**
 * `migrate`: applies the committed migrations and the job queue's schema as the owner role (DATABASE_OWNER_URL, or
 * DATABASE_URL when that is unset; the embedded cluster's owner otherwise) and grants the application role its
 * privileges — what the server does at start. Servers and this command take turns (an advisory lock).
 */
export async function migrateCommand(env: Env): Promise<string> {
  if (env.DATABASE_URL) {
    const ownerUrl = env.DATABASE_OWNER_URL ?? env.DATABASE_URL;
    const appRole = roleOf(env.DATABASE_URL);
    const separate = roleOf(ownerUrl) !== appRole;
    await migrateDatabase(ownerUrl, separate ? appRole : undefined);
    await prepareJobSchema(ownerUrl, separate ? { appRole } : undefined);
    return separate
      ? `Migrations applied as ${roleOf(ownerUrl)}; ${appRole} has the application role's privileges.`
      : `Migrations applied as ${appRole}, which also runs the server (set DATABASE_OWNER_URL for least privilege).`;
  }
  const running = await findRunningEmbedded(env.dataDir);
  const embedded = running ? null : await startEmbeddedPostgres(env.dataDir);
  const urls = running ?? embedded;
  if (!urls) throw new Error('the embedded PostgreSQL did not start');
  try {
    await migrateDatabase(urls.ownerUrl, roleOf(urls.appUrl));
    await prepareJobSchema(urls.ownerUrl, { appRole: roleOf(urls.appUrl) });
  } finally {
    await embedded?.stop();
  }
  return `Migrations applied to the embedded database in ${env.dataDir}.`;
}
