import { type DbOrTx, reindexNamesOnce } from '@threshold/db';

/**
 * After an upgrade that changed the name fold (ł read as l, æ as ae …), rewrites the stored name hashes once, before
 * anything is served: a deny-list entry written under the old fold must match the next kiosk sign-in.
 */
export async function reindexNamesAtStart(db: DbOrTx): Promise<void> {
  // Quiet unless a name changed: a new installation, or one already reindexed, has nothing to say here.
  const total = await reindexNamesOnce(db, {
    batchSize: 500,
    onBatch: (c) => console.log(`[names] rehashed ${c.visits} visits and ${c.denyListEntries} deny-list entries…`),
  });
  if (total && total.visits + total.denyListEntries > 0) {
    console.log(
      `[names] name hashes now follow this release's fold: ${total.visits} visits, ${total.denyListEntries} deny-list entries`,
    );
  }
}
