import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { denyNameTokens, replaceDenyNames } from '../queries/deny-list.ts';
import { denyListEntry, denyListName } from '../schema/deny-list.ts';
import { nameFoldCheck } from '../schema/name-fold-check.ts';
import { visit } from '../schema/visit.ts';
import { nameIndexTokens } from './blind-index.ts';
import { DecryptionError, decryptValue } from './envelope.ts';
import { NAME_FOLD_VERSION } from './name-fold.ts';

/**
 * Rows whose name hashes were rewritten because the name fold (foldName) now reads them differently, and rows that
 * could not be read (a key no longer configured, or a damaged value): left as they were, and counted so it is said.
 */
export interface ReindexCounts {
  visits: number;
  denyListEntries: number;
  unreadable: number;
}

/** Every organisation, or only one. */
interface Scope {
  organisationId?: string;
}

// Read as stored, not through the column's decryption, so one row that cannot be read does not stop the others.
const stored = (column: typeof visit.visitorName | typeof denyListEntry.fullName | typeof denyListEntry.aliases) =>
  sql<Buffer>`${column}`;

/**
 * A stored name's text, or why it is skipped: still in clear from before encryption (migration 0015: keys reencrypt
 * indexes those as it encrypts them), or unreadable (fails decryption).
 */
function opened(value: Buffer): { text: string } | { skip: 'clear' | 'unreadable' } {
  if (value[0] !== 1) return { skip: 'clear' };
  try {
    return { text: decryptValue(value) };
  } catch (err) {
    if (err instanceof DecryptionError) return { skip: 'unreadable' };
    throw err;
  }
}

const sameTokens = (a: string[], b: string[]) => {
  const held = new Set(a);
  return held.size === new Set(b).size && b.every((t) => held.has(t));
};

/**
 * One batch of visits after `afterId`: rewrites the name index of those the fold now reads differently; the last id
 * read. No locks are held across rows (a server may be signing visitors in meanwhile): each rewrite is its own
 * statement, and applies only if the stored name is still the one read (keys reencrypt rewrites the index itself).
 */
async function reindexVisitBatch(db: DbOrTx, params: Scope & { afterId: string | null; limit: number }) {
  const rows = await db
    .select({ id: visit.id, name: stored(visit.visitorName), index: visit.visitorNameIndex })
    .from(visit)
    .where(
      and(
        params.organisationId ? eq(visit.organisationId, params.organisationId) : undefined,
        params.afterId ? gt(visit.id, params.afterId) : undefined,
      ),
    )
    .orderBy(asc(visit.id))
    .limit(params.limit);
  const counts = { visits: 0, unreadable: 0 };
  for (const row of rows) {
    const name = opened(row.name);
    if ('skip' in name) {
      if (name.skip === 'unreadable') counts.unreadable++;
      continue;
    }
    const tokens = nameIndexTokens(name.text);
    if (sameTokens(row.index, tokens)) continue;
    const done = await db
      .update(visit)
      .set({ visitorNameIndex: tokens })
      .where(and(eq(visit.id, row.id), sql`${visit.visitorName} = ${row.name}`))
      .returning({ id: visit.id });
    counts.visits += done.length;
  }
  return { ...counts, lastId: rows.at(-1)?.id ?? null };
}

/** One current deny-list entry's hashes, rewritten if its names fold differently now. */
async function reindexDenyEntry(db: DbOrTx, entryId: string): Promise<'changed' | 'same' | 'unreadable'> {
  // One entry per transaction, locked as an edit locks it, so an edit meanwhile cannot interleave.
  return db.transaction(async (tx) => {
    const [entry] = await tx
      .select({
        organisationId: denyListEntry.organisationId,
        fullName: stored(denyListEntry.fullName),
        aliases: stored(denyListEntry.aliases),
      })
      .from(denyListEntry)
      .where(and(eq(denyListEntry.id, entryId), isNull(denyListEntry.removedAt)))
      .for('update');
    if (!entry) return 'same';
    const fullName = opened(entry.fullName);
    const aliases = opened(entry.aliases);
    if ('skip' in fullName || 'skip' in aliases) {
      return [fullName, aliases].some((v) => 'skip' in v && v.skip === 'unreadable') ? 'unreadable' : 'same';
    }
    const names = [fullName.text, ...(JSON.parse(aliases.text) as string[])];
    const rows = await tx
      .select({ token: denyListName.token })
      .from(denyListName)
      .where(eq(denyListName.entryId, entryId));
    const held = rows.map((r) => r.token);
    if (sameTokens(held, denyNameTokens(names))) return 'same';
    await replaceDenyNames(tx, { entryId, organisationId: entry.organisationId, names });
    return 'changed';
  });
}

/** The deny list's current entries whose stored name hashes differ from what their names fold to now, rewritten. */
async function reindexDenyEntries(db: DbOrTx, params: Scope) {
  const entries = await db
    .select({ id: denyListEntry.id })
    .from(denyListEntry)
    .where(
      and(
        isNull(denyListEntry.removedAt),
        params.organisationId ? eq(denyListEntry.organisationId, params.organisationId) : undefined,
      ),
    );
  const counts = { denyListEntries: 0, unreadable: 0 };
  for (const { id } of entries) {
    const outcome = await reindexDenyEntry(db, id);
    if (outcome === 'changed') counts.denyListEntries++;
    if (outcome === 'unreadable') counts.unreadable++;
  }
  return counts;
}

/**
 * Rewrites the name hashes (visit name search, deny-list matching) of every row the current name fold reads
 * differently from when it was stored, visits `batchSize` at a time. Idempotent: a second run changes nothing. Run
 * after upgrading to a release whose fold changed (start-up does, once: reindexNamesOnce; or `keys reindex`). Values
 * still in clear from before encryption (migration 0015) are skipped: keys reencrypt indexes them as it encrypts.
 */
export async function reindexNames(
  db: DbOrTx,
  params: Scope & { batchSize: number; onBatch?: (counts: ReindexCounts) => void },
): Promise<ReindexCounts> {
  const deny = await reindexDenyEntries(db, params);
  const total: ReindexCounts = { visits: 0, ...deny };
  if (deny.denyListEntries + deny.unreadable > 0) params.onBatch?.({ visits: 0, ...deny });
  let afterId: string | null = null;
  for (;;) {
    const batch = await reindexVisitBatch(db, { ...params, afterId, limit: params.batchSize });
    if (batch.lastId === null) break;
    afterId = batch.lastId;
    total.visits += batch.visits;
    total.unreadable += batch.unreadable;
    if (batch.visits + batch.unreadable > 0) {
      params.onBatch?.({ visits: batch.visits, denyListEntries: 0, unreadable: batch.unreadable });
    }
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
  // Recorded only after every row is read: a start that fails part-way does it again next time.
  const state = { foldVersion: NAME_FOLD_VERSION, checkedAt: new Date() };
  await db
    .insert(nameFoldCheck)
    .values({ only: true, ...state })
    .onConflictDoUpdate({ target: nameFoldCheck.only, set: state });
  return total;
}
