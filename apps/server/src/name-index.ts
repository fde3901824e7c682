import { type DbOrTx, type ReindexCounts, reindexNamesOnce } from '@threshold/db';

/**
 * After an upgrade that changed the name fold (ł read as l, æ as ae …), rewrites the stored name hashes once, before
 * anything is served: a deny-list entry written under the old fold must match the next kiosk sign-in.
 */
export async function reindexNamesAtStart(db: DbOrTx): Promise<void> {
  // Quiet unless a name changed: a new installation, or one already reindexed, has nothing to say here.
  const total = await reindexNamesOnce(db, {
    batchSize: 500,
    onBatch: (c) => console.log(`[names] ${describedReindex(c)}…`),
  });
  if (total && total.visits + total.denyListEntries + total.unreadable > 0) {
    console.log(`[names] name hashes now follow this release's fold: ${describedReindex(total)}`);
  }
}

export const describedReindex = (c: ReindexCounts) =>
  `${c.visits} visits and ${c.denyListEntries} deny-list entries rehashed` +
  (c.unreadable > 0 ? `; ${c.unreadable} could not be decrypted and were left as they were` : '');
