import { prepareJobSchema } from '@threshold/api';
import {
  checkApplicationAccess,
  createDb,
  type EmbeddedDatabase,
  migrateDatabase,
  roleOf,
  startEmbeddedPostgres,
} from '@threshold/db';
import type { Env } from './env.ts';
import { logError } from './log.ts';
import { connectionsPerProcess, embeddedMaxConnections, workerCount } from './workers.ts';

export interface ResolvedDatabase {
  appUrl: string;
  embedded: EmbeddedDatabase | null;
  warnings: string[];
}

/**
 * With DATABASE_URL: use it (and DATABASE_OWNER_URL for migrations when given). Without: start the embedded
 * PostgreSQL under the data folder. Either way the committed migrations and the job queue schema are applied
 * before serving.
 */
export async function resolveDatabase(env: Env): Promise<ResolvedDatabase> {
  const warnings: string[] = [];
  if (env.DATABASE_URL) {
    const ownerUrl = env.DATABASE_OWNER_URL ?? env.DATABASE_URL;
    const appRole = roleOf(env.DATABASE_URL);
    if (!env.DATABASE_OWNER_URL || roleOf(ownerUrl) === appRole) {
      warnings.push(
        'DATABASE_URL is also used for migrations, so the server runs as the owner of its tables. ' +
          'Set DATABASE_OWNER_URL to a separate owner role for least privilege.',
      );
      await migrateDatabase(ownerUrl);
      await prepareJobSchema(ownerUrl);
    } else {
      await migrateDatabase(ownerUrl, appRole);
      await prepareJobSchema(ownerUrl, { appRole });
    }
    // Fails early, saying what the application role lacks, rather than at the first request.
    await checkApplicationAccess(env.DATABASE_URL);
    const connections = await connectionWarning(env, env.DATABASE_URL);
    if (connections) warnings.push(connections);
    return { appUrl: env.DATABASE_URL, embedded: null, warnings };
  }
  const embedded = await startEmbeddedPostgres(env.dataDir, {
    fast: env.THRESHOLD_EMBEDDED_FAST === '1',
    maxConnections: embeddedMaxConnections(env),
    supervise: (restart) =>
      restart.ok
        ? console.log('[database] the embedded PostgreSQL had stopped; started it again')
        : logError('embedded PostgreSQL restart', restart.error),
  });
  try {
    await migrateDatabase(embedded.ownerUrl, roleOf(embedded.appUrl));
    await prepareJobSchema(embedded.ownerUrl, { appRole: roleOf(embedded.appUrl) });
  } catch (err) {
    await embedded.stop();
    throw err;
  }
  if (embedded.stoppedOrphan) {
    warnings.push(
      'The embedded PostgreSQL was still running after an earlier Threshold process ended without stopping it ' +
        '(it was killed); it was shut down cleanly and started again.',
    );
  }
  if (embedded.permissionChanges.length > 0) {
    warnings.push(
      `Running as root: gave the postgres user traverse-only access (o+x) to ${embedded.permissionChanges.join(', ')}`,
    );
  }
  return { appUrl: embedded.appUrl, embedded, warnings };
}

/**
 * On your own PostgreSQL, what the server may open under load (every worker's pools) against what it allows: a busy
 * moment past max_connections refuses requests ("too many clients") instead of queueing them.
 */
async function connectionWarning(env: Env, url: string): Promise<string | null> {
  const handle = createDb(url, { max: 1 });
  try {
    const [row] = await handle.sql<{ max_connections: string }[]>`show max_connections`;
    const allowed = Number(row?.max_connections);
    const needed = workerCount(env) * connectionsPerProcess(env);
    if (!(allowed < needed + 10)) return null;
    return (
      `PostgreSQL allows ${allowed} connections, and this server may open ${needed} under load ` +
      `(${workerCount(env)} processes × ${connectionsPerProcess(env)}). Raise max_connections, or lower ` +
      'THRESHOLD_DB_POOL or THRESHOLD_WORKERS.'
    );
  } finally {
    await handle.close();
  }
}
