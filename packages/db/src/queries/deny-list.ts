import { and, asc, eq, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { blindToken } from '../crypto/keyring.ts';
import { foldedWords } from '../crypto/name-fold.ts';
import { preparedQuery } from '../prepared-query.ts';
import { alert } from '../schema/alert.ts';
import { denyListEntry, denyListName, visitScreening } from '../schema/deny-list.ts';
import { staff } from '../schema/staff.ts';
import { visit } from '../schema/visit.ts';

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

export type ScreeningOutcome = 'clear' | 'match' | 'check_failed';

export async function insertVisitScreening(
  db: DbOrTx,
  params: {
    visitId: string;
    organisationId: string;
    siteId: string;
    outcome: ScreeningOutcome;
    matchedEntryIds: string[];
    at: Date;
  },
) {
  await insertScreening(db, params);
}

const insertScreening = preparedQuery((db) =>
  db
    .insert(visitScreening)
    .values({
      visitId: sql.placeholder('visitId'),
      organisationId: sql.placeholder('organisationId'),
      siteId: sql.placeholder('siteId'),
      outcome: sql.placeholder('outcome'),
      matchedEntryIds: sql.placeholder('matchedEntryIds'),
      screenedAt: sql.placeholder('at'),
    })
    .prepare('insert_visit_screening'),
);

export async function getVisitScreening(db: DbOrTx, params: { visitId: string }) {
  const [row] = await db.select().from(visitScreening).where(eq(visitScreening.visitId, params.visitId));
  return row ?? null;
}

/** Of these visits, those held in screening (a match or a failed check) with no decision yet, in one statement. */
export async function listUndecidedHeldScreenings(db: DbOrTx, params: { visitIds: string[] }) {
  if (params.visitIds.length === 0) return [];
  return db
    .select({ visitId: visitScreening.visitId, siteId: visitScreening.siteId })
    .from(visitScreening)
    .where(
      and(
        inArray(visitScreening.visitId, params.visitIds),
        ne(visitScreening.outcome, 'clear'),
        isNull(visitScreening.decision),
      ),
    );
}

/** Records a coordinator's decision on a held screening; null when it was not waiting for one (decided meanwhile). */
export async function decideVisitScreening(
  db: DbOrTx,
  params: {
    visitId: string;
    siteId: string;
    decision: 'admitted' | 'refused';
    staffId: string;
    note: string;
    at: Date;
  },
) {
  const [row] = await db
    .update(visitScreening)
    .set({
      decision: params.decision,
      decidedByStaffId: params.staffId,
      decidedAt: params.at,
      decisionNote: params.note,
    })
    .where(
      and(
        eq(visitScreening.visitId, params.visitId),
        eq(visitScreening.siteId, params.siteId),
        sql`${visitScreening.outcome} <> 'clear'`,
        isNull(visitScreening.decision),
      ),
    )
    .returning({ visitId: visitScreening.visitId, outcome: visitScreening.outcome });
  return row ?? null;
}

/** Visits at a site held in screening and waiting for a decision, oldest first, with the entries they matched. */
export async function listPendingScreenings(db: DbOrTx, params: { siteId: string }) {
  return db
    .select({
      visitId: visitScreening.visitId,
      outcome: visitScreening.outcome,
      matchedEntryIds: visitScreening.matchedEntryIds,
      screenedAt: visitScreening.screenedAt,
      visitorName: visit.visitorName,
      visitCode: visit.visitCode,
      signedInAt: visit.signedInAt,
    })
    .from(visitScreening)
    .innerJoin(visit, eq(visit.id, visitScreening.visitId))
    .where(
      and(
        eq(visitScreening.siteId, params.siteId),
        sql`${visitScreening.outcome} <> 'clear'`,
        isNull(visitScreening.decision),
        eq(visit.state, 'screening'),
      ),
    )
    .orderBy(asc(visitScreening.screenedAt));
}

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

/** The open screening alert of a visit, if any (a decision acknowledges it). */
export async function openScreeningAlert(db: DbOrTx, params: { visitId: string }) {
  const [row] = await db
    .select({ id: alert.id })
    .from(alert)
    .where(and(eq(alert.visitId, params.visitId), eq(alert.kind, 'screening'), isNull(alert.acknowledgedAt)));
  return row?.id ?? null;
}
