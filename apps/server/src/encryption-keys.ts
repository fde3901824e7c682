import { createDb, hasClearValues, loadKeyring, reencryptAll, useKeyring } from '@threshold/db';
import type { ResolvedDatabase } from './database.ts';
import type { Env } from './env.ts';

/**
 * Loads the installation's encryption keys (THRESHOLD_KEYS, THRESHOLD_KEY_FILE, or the embedded demo's generated
 * key file) into this process. A database upgraded from clear storage is encrypted here, before anything is served:
 * the owner role does it, because signatures may be rewritten only by the owner (migration 0015).
 */
export async function prepareEncryption(env: Env, database: ResolvedDatabase): Promise<void> {
  useKeyring(
    await loadKeyring({
      keys: env.THRESHOLD_KEYS,
      keyFile: env.THRESHOLD_KEY_FILE,
      embeddedDataDir: database.embedded ? env.dataDir : undefined,
    }),
  );
  const ownerUrl = database.embedded?.ownerUrl ?? env.DATABASE_OWNER_URL ?? env.DATABASE_URL;
  if (!ownerUrl) return;
  const owner = createDb(ownerUrl, { max: 1 });
  try {
    if (!(await hasClearValues(owner.db))) return;
    console.log('[keys] encrypting visitor details stored before encryption at rest…');
    const total = await reencryptAll(owner.db, { batchSize: 500, via: 'start' });
    console.log(
      `[keys] encrypted ${total.visits} visits, ${total.signatures} signatures, ${total.denyListEntries} deny-list entries and ${total.screeningNotes} screening notes`,
    );
  } finally {
    await owner.close();
  }
}
