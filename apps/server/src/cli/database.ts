import { mkdir } from 'node:fs/promises';
import {
  checkApplicationAccess,
  createDb,
  type DbHandle,
  findRunningEmbedded,
  loadKeyring,
  migrateDatabase,
  roleOf,
  startEmbeddedPostgres,
  useKeyring,
} from '@threshold/db';
import type { Env } from '../env.ts';

/**
 * The database the CLI works on: DATABASE_URL when set; else the embedded one in THRESHOLD_DATA_DIR — the cluster a
 * running server holds, or one the CLI starts (and stops) itself when no server is running. Only the embedded cluster
 * the CLI starts itself is migrated, and only for commands that write (`migrate: true`, the default): the server and
 * `threshold migrate` migrate a configured database, as its owner.
 */
export async function openCliDatabase(
  env: Env,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<{ handle: DbHandle; ownerUrl: string; close: () => Promise<void> }> {
  // The embedded key file is generated inside the data folder: on a new installation (`create-admin` before the
  // first start) that folder does not exist yet. Same mode as the launcher gives it.
  if (!env.DATABASE_URL) await mkdir(env.dataDir, { recursive: true, mode: 0o711 });
  // Commands read and write visitors' details with the same keys as the server.
  useKeyring(
    await loadKeyring({
      keys: env.THRESHOLD_KEYS,
      keyFile: env.THRESHOLD_KEY_FILE,
      embeddedDataDir: env.DATABASE_URL ? undefined : env.dataDir,
    }),
  );
  if (env.DATABASE_URL) {
    const ownerUrl = env.DATABASE_OWNER_URL ?? env.DATABASE_URL;
    // The application role is enough; a missing grant or table is reported with what to do.
    await checkApplicationAccess(env.DATABASE_URL);
    const handle = createDb(env.DATABASE_URL, { max: 2 });
    return { handle, ownerUrl, close: () => handle.close() };
  }
  const running = await findRunningEmbedded(env.dataDir);
  if (running) {
    const handle = createDb(running.appUrl, { max: 2 });
    return { handle, ownerUrl: running.ownerUrl, close: () => handle.close() };
  }
  const embedded = await startEmbeddedPostgres(env.dataDir);
  try {
    // A fresh installation's first command (create-admin) finds its tables; a read-only one says how to get them.
    if (migrate) await migrateDatabase(embedded.ownerUrl, roleOf(embedded.appUrl));
    else await checkApplicationAccess(embedded.appUrl, { embeddedDataDir: env.dataDir });
  } catch (err) {
    await embedded.stop();
    throw err;
  }
  const handle = createDb(embedded.appUrl, { max: 2 });
  return {
    handle,
    ownerUrl: embedded.ownerUrl,
    close: async () => {
      await handle.close();
      await embedded.stop();
    },
  };
}
