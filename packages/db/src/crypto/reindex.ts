import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { denyNameTokens, replaceDenyNames } from '../queries/deny-list.ts';
import { denyListEntry, denyListName } from '../schema/deny-list.ts';
import { nameFoldCheck } from '../schema/name-fold-check.ts';
import { visit } from '../schema/visit.ts';
import { nameIndexTokens } from './blind-index.ts';
import { decryptValue } from './envelope.ts';
import { NAME_FOLD_VERSION } from './name-fold.ts';

/** Rows whose name hashes were rewritten because the name fold (foldName) now reads them differently. */
export interface ReindexCounts {
  visits: number;
  denyListEntries: number;
}

/** Every organisation, or only one. */
interface Scope {
  organisationId?: string;
}

// Read as stored, not through the column's decryption: a value kept in clear from before encryption (migration 0015)
// is skipped here, because encrypting it (keys reencrypt, or start-up) writes its hashes with the current fold.
const stored = (column: typeof visit.visitorName | typeof denyListEntry.fullName | typeof denyListEntry.aliases) =>
  sql<Buffer>`${column}`;
const sealedText = (value: Buffer) => (value[0] === 1 ? decryptValue(value) : null);

const sameTokens = (a: string[], b: string[]) => {
  const stored = new Set(a);
  return stored.size === new Set(b).size && b.every((t) => stored.has(t));
};

/** One batch of visits after `afterId`: rewrites the name index of those it no longer matches; the last id read. */
async function reindexVisitBatch(db: DbOrTx, params: Scope & { afterId: string | null; limit: number }) {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: visit.id, name: stored(visit.visitorName), index: visit.visitorNameIndex })
      .from(visit)
      .where(
        and(
          params.organisationId ? eq(visit.organisationId, params.organisationId) : undefined,
          params.afterId ? gt(visit.id, params.afterId) : undefined,
        ),
      )
      .orderBy(asc(visit.id))
      .limit(params.limit)
      .for('update');
    let changed = 0;
    for (const row of rows) {
      const name = sealedText(row.name);
      if (name === null) continue;
      const tokens = nameIndexTokens(name);
      if (sameTokens(row.index, tokens)) continue;
      await tx.update(visit).set({ visitorNameIndex: tokens }).where(eq(visit.id, row.id));
      changed++;
    }
    return { changed, lastId: rows.at(-1)?.id ?? null, read: rows.length };
  });
}

/** The deny list's current entries whose stored name hashes differ from what their names fold to now, rewritten. */
async function reindexDenyEntries(db: DbOrTx, params: Scope): Promise<number> {
  return db.transaction(async (tx) => {
    const entries = await tx
      .select({
        id: denyListEntry.id,
        organisationId: denyListEntry.organisationId,
        fullName: stored(denyListEntry.fullName),
        aliases: stored(denyListEntry.aliases),
      })
      .from(denyListEntry)
      .where(
        and(
          isNull(denyListEntry.removedAt),
          params.organisationId ? eq(denyListEntry.organisationId, params.organisationId) : undefined,
        ),
      )
      .for('update');
    let changed = 0;
    for (const entry of entries) {
      const fullName = sealedText(entry.fullName);
      const aliases = sealedText(entry.aliases);
      if (fullName === null || aliases === null) continue;
      const names = [fullName, ...(JSON.parse(aliases) as string[])];
      const stored = await tx
        .select({ token: denyListName.token })
        .from(denyListName)
        .where(eq(denyListName.entryId, entry.id));
      const tokens = stored.map((r) => r.token);
      if (sameTokens(tokens, denyNameTokens(names))) continue;
      await replaceDenyNames(tx, { entryId: entry.id, organisationId: entry.organisationId, names });
      changed++;
    }
    return changed;
  });
}

/**
 * Rewrites the name hashes (visit name search, deny-list matching) of every row the current name fold reads
 * differently from when it was stored, in batches of `batchSize` visits, each its own transaction. Idempotent: a
 * second run changes nothing. Run after upgrading to a release whose fold changed (`keys reindex`). Values stored in
 * clear before encryption (migration 0015) are encrypted, and indexed, by `keys reencrypt` first (hasClearValues).
 */
export async function reindexNames(
  db: DbOrTx,
  params: Scope & { batchSize: number; onBatch?: (counts: ReindexCounts) => void },
): Promise<ReindexCounts> {
  const total: ReindexCounts = { visits: 0, denyListEntries: await reindexDenyEntries(db, params) };
  if (total.denyListEntries > 0) params.onBatch?.({ visits: 0, denyListEntries: total.denyListEntries });
  let afterId: string | null = null;
  for (;;) {
    const batch = await reindexVisitBatch(db, { ...params, afterId, limit: params.batchSize });
    if (batch.read === 0 || batch.lastId === null) break;
    total.visits += batch.changed;
    afterId = batch.lastId;
    if (batch.changed > 0) params.onBatch?.({ visits: batch.changed, denyListEntries: 0 });
  }
  return total;
}

/**
 * reindexNames, once per fold version: start-up calls it before serving, so a deny-list entry stored under an older
 * fold matches again before any sign-in is checked. Null when the hashes were already written for this version.
 */
export async function reindexNamesOnce(
  db: DbOrTx,
  params: { batchSize: number; onBatch?: (counts: ReindexCounts) => void },
): Promise<ReindexCounts | null> {
  const [last] = await db.select().from(nameFoldCheck);
  if (last && last.foldVersion >= NAME_FOLD_VERSION) return null;
  const total = await reindexNames(db, params);
  // Recorded only after every row is rewritten: a start that fails part-way does it again next time.
  const state = { foldVersion: NAME_FOLD_VERSION, checkedAt: new Date() };
  await db
    .insert(nameFoldCheck)
    .values({ only: true, ...state })
    .onConflictDoUpdate({ target: nameFoldCheck.only, set: state });
  return total;
}
