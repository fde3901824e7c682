import { createDb, encryptClearValuesOnce, loadKeyring, useKeyring } from '@threshold/db';
import type { ResolvedDatabase } from './database.ts';
import type { Env } from './env.ts';

/**
 * Loads the installation's encryption keys (THRESHOLD_KEYS, THRESHOLD_KEY_FILE, or the embedded demo's generated
 * key file) into this process. A database upgraded from clear storage is encrypted here, before anything is served:
 * the owner role does it, because signatures may be rewritten only by the owner (migration 0015). The scan runs once
 * per migration or key change, not on every start (encryptClearValuesOnce).
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
    const result = await encryptClearValuesOnce(owner.db, {
      batchSize: 500,
      onEncrypting: () => console.log('[keys] encrypting personal details stored before encryption at rest…'),
    });
    if (result.outcome !== 'encrypted') return;
    const { total } = result;
    console.log(
      `[keys] encrypted ${total.visits} visits, ${total.signatures} signatures, ${total.denyListEntries} deny-list entries, ${total.screeningNotes} screening notes and ${total.outboxMessages} email addresses`,
    );
  } finally {
    await owner.close();
  }
}
