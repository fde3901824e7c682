import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { blindToken } from '../crypto/keyring.ts';
import { foldedWords } from '../crypto/name-fold.ts';
import { preparedQuery } from '../prepared-query.ts';
import { denyListEntry, denyListName } from '../schema/deny-list.ts';
import { staff } from '../schema/staff.ts';

/**
 * The deny list's matching key of a name: its words as name search folds them (foldName: case, accents, ł as l, æ
 * as ae …), without spacing or punctuation (apostrophes are dropped inside a word, "O'Brien" = "OBrien"; other marks
 * separate words), sorted so word order does not matter, as a keyed hash so a dump shows no name. Null for a name with no words.
 */
export function denyNameToken(name: string): string | null {
  const words = foldedWords(name.replace(/['’ʼ`]/g, '')).sort();
  return words.length === 0 ? null : blindToken(`deny:${words.join(' ')}`);
}

/** The distinct matching keys of an entry's names. */
export function denyNameTokens(names: string[]): string[] {
  return [...new Set(names.map(denyNameToken).filter((t): t is string => t !== null))];
}

export interface DenyEntryFields {
  fullName: string;
  aliases: string[];
  dateOfBirth: string | null;
  reason: string;
  reviewBy: string;
}

/** Rewrites an entry's name hashes from its name and aliases (also after the name fold changes: reindexNames). */
export async function replaceDenyNames(
  db: DbOrTx,
  params: { entryId: string; organisationId: string; names: string[] },
) {
  await db.delete(denyListName).where(eq(denyListName.entryId, params.entryId));
  const tokens = denyNameTokens(params.names);
  if (tokens.length === 0) return;
  await db
    .insert(denyListName)
    .values(tokens.map((token) => ({ entryId: params.entryId, organisationId: params.organisationId, token })));
}

export async function insertDenyEntry(
  db: DbOrTx,
  params: DenyEntryFields & { organisationId: string; staffId: string; at: Date },
): Promise<string> {
  const [row] = await db
    .insert(denyListEntry)
    .values({
      organisationId: params.organisationId,
      fullName: params.fullName,
      aliases: JSON.stringify(params.aliases),
      dateOfBirth: params.dateOfBirth,
      reason: params.reason,
      reviewBy: params.reviewBy,
      addedByStaffId: params.staffId,
      addedAt: params.at,
      updatedAt: params.at,
    })
    .returning({ id: denyListEntry.id });
  if (!row) throw new Error('deny-list insert returned no row');
  await replaceDenyNames(db, {
    entryId: row.id,
    organisationId: params.organisationId,
    names: [params.fullName, ...params.aliases],
  });
  return row.id;
}

/** Rewrites a current entry's fields and its name hashes; false when there is no such current entry. */
export async function updateDenyEntry(
  db: DbOrTx,
  params: DenyEntryFields & { organisationId: string; entryId: string; at: Date },
): Promise<boolean> {
  const [row] = await db
    .update(denyListEntry)
    .set({
      fullName: params.fullName,
      aliases: JSON.stringify(params.aliases),
      dateOfBirth: params.dateOfBirth,
      reason: params.reason,
      reviewBy: params.reviewBy,
      updatedAt: params.at,
    })
    .where(current(params))
    .returning({ id: denyListEntry.id });
  if (!row) return false;
  await replaceDenyNames(db, { ...params, names: [params.fullName, ...params.aliases] });
  return true;
}

/** Removes an entry: its name hashes go, its personal fields are blanked, the removal note stays. */
export async function removeDenyEntry(
  db: DbOrTx,
  params: { organisationId: string; entryId: string; staffId: string; note: string; at: Date },
): Promise<boolean> {
  const [row] = await db
    .update(denyListEntry)
    .set({
      fullName: '',
      aliases: '[]',
      dateOfBirth: null,
      reason: '',
      removedAt: params.at,
      removedByStaffId: params.staffId,
      removalNote: params.note,
      updatedAt: params.at,
    })
    .where(current(params))
    .returning({ id: denyListEntry.id });
  if (!row) return false;
  await db.delete(denyListName).where(eq(denyListName.entryId, params.entryId));
  return true;
}

const current = (params: { organisationId: string; entryId: string }) =>
  and(
    eq(denyListEntry.id, params.entryId),
    eq(denyListEntry.organisationId, params.organisationId),
    isNull(denyListEntry.removedAt),
  );

/** The organisation's current entries (review date first), or only those due for review by `dueBy`. */
export async function listDenyEntries(db: DbOrTx, params: { organisationId: string; dueBy?: string }) {
  const rows = await db
    .select({
      id: denyListEntry.id,
      fullName: denyListEntry.fullName,
      aliases: denyListEntry.aliases,
      dateOfBirth: denyListEntry.dateOfBirth,
      reason: denyListEntry.reason,
      reviewBy: denyListEntry.reviewBy,
      addedAt: denyListEntry.addedAt,
      addedByName: staff.name,
    })
    .from(denyListEntry)
    .innerJoin(staff, eq(staff.id, denyListEntry.addedByStaffId))
    .where(
      and(
        eq(denyListEntry.organisationId, params.organisationId),
        isNull(denyListEntry.removedAt),
        params.dueBy ? lte(denyListEntry.reviewBy, params.dueBy) : undefined,
      ),
    )
    .orderBy(asc(denyListEntry.reviewBy), asc(denyListEntry.addedAt));
  return rows.map((r) => ({ ...r, aliases: JSON.parse(r.aliases) as string[] }));
}

/** Current entries whose name or an alias has the same matching key as `fullName`. */
export async function findDenyMatches(db: DbOrTx, params: { organisationId: string; fullName: string }) {
  // An unmatchable token keeps the same query (and its cost) for a name with no words.
  const token = denyNameToken(params.fullName) ?? '-';
  const rows = await findDenyEntries(db, { organisationId: params.organisationId, token });
  return rows.map((r) => r.entryId);
}

const findDenyEntries = preparedQuery((db) =>
  db
    .selectDistinct({ entryId: denyListName.entryId })
    .from(denyListName)
    .where(
      and(
        eq(denyListName.organisationId, sql.placeholder('organisationId')),
        eq(denyListName.token, sql.placeholder('token')),
      ),
    )
    .prepare('find_deny_entries'),
);

/**
 * Entries by id as the screening decision shows them: name, aliases, date of birth and reason, so the coordinator can
 * tell the person on the list from a namesake.
 */
export async function denyEntryNames(db: DbOrTx, params: { organisationId: string; entryIds: string[] }) {
  if (params.entryIds.length === 0) return [];
  const rows = await db
    .select({
      id: denyListEntry.id,
      fullName: denyListEntry.fullName,
      aliases: denyListEntry.aliases,
      dateOfBirth: denyListEntry.dateOfBirth,
      reason: denyListEntry.reason,
    })
    .from(denyListEntry)
    .where(and(eq(denyListEntry.organisationId, params.organisationId), inArray(denyListEntry.id, params.entryIds)));
  return rows.map((r) => ({ ...r, aliases: JSON.parse(r.aliases) as string[] }));
}
