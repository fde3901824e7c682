import { and, desc, eq, isNotNull, isNull, notExists, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../client.ts';
import { escortAssignment, staffDuty } from '../schema/escort.ts';
import { rollCall, rollCallEntry } from '../schema/roll-call.ts';
import { staff } from '../schema/staff.ts';
import { visit } from '../schema/visit.ts';

const startedBy = alias(staff, 'started_by');
const closedBy = alias(staff, 'closed_by');

const header = {
  id: rollCall.id,
  organisationId: rollCall.organisationId,
  siteId: rollCall.siteId,
  startedAt: rollCall.startedAt,
  startedByName: startedBy.name,
  closedAt: rollCall.closedAt,
  closedByName: closedBy.name,
};

/**
 * Opens a roll call at the site unless one is already open; returns its id, or null when one was. A second
 * start racing the first waits on the open-roll-call index until the first commits, then inserts nothing.
 */
export async function insertRollCallOnce(
  db: DbOrTx,
  params: { organisationId: string; siteId: string; startedByStaffId: string; startedAt: Date },
) {
  const [row] = await db
    .insert(rollCall)
    .values(params)
    .onConflictDoNothing({ target: rollCall.siteId, where: isNull(rollCall.closedAt) })
    .returning({ id: rollCall.id });
  return row?.id ?? null;
}

/** The site's open roll call with who started it, or null. */
export async function getOpenRollCall(db: DbOrTx, params: { siteId: string }) {
  const [row] = await db
    .select(header)
    .from(rollCall)
    .innerJoin(startedBy, eq(startedBy.id, rollCall.startedByStaffId))
    .leftJoin(closedBy, eq(closedBy.id, rollCall.closedByStaffId))
    .where(and(eq(rollCall.siteId, params.siteId), isNull(rollCall.closedAt)));
  return row ?? null;
}

/** A roll call at the site (open or closed) with who started and closed it, or null. */
export async function getRollCall(db: DbOrTx, params: { siteId: string; rollCallId: string }) {
  const [row] = await db
    .select(header)
    .from(rollCall)
    .innerJoin(startedBy, eq(startedBy.id, rollCall.startedByStaffId))
    .leftJoin(closedBy, eq(closedBy.id, rollCall.closedByStaffId))
    .where(and(eq(rollCall.siteId, params.siteId), eq(rollCall.id, params.rollCallId)));
  return row ?? null;
}

/**
 * Locks a roll call at the site: `update` to close it or add to it, `share` while marking, so marks never
 * land after it closed yet many marks can go on at once.
 */
export async function lockRollCall(
  db: DbOrTx,
  params: { siteId: string; rollCallId: string; mode: 'update' | 'share' },
) {
  const [row] = await db
    .select({ id: rollCall.id, organisationId: rollCall.organisationId, closedAt: rollCall.closedAt })
    .from(rollCall)
    .where(and(eq(rollCall.siteId, params.siteId), eq(rollCall.id, params.rollCallId)))
    .for(params.mode);
  return row ?? null;
}

export async function closeRollCallRow(
  db: DbOrTx,
  params: { rollCallId: string; closedByStaffId: string; closedAt: Date },
) {
  await db
    .update(rollCall)
    .set({ closedByStaffId: params.closedByStaffId, closedAt: params.closedAt })
    .where(eq(rollCall.id, params.rollCallId));
}

/**
 * Everyone on site now: visitors not signed out (with the escort who holds them) and staff on duty, by name.
 * With `notInRollCallId`, only those that roll call does not list yet (who arrived since it started).
 */
export async function listPeopleOnSite(db: DbOrTx, params: { siteId: string; notInRollCallId?: string }) {
  const listed = (match: SQL) =>
    params.notInRollCallId
      ? notExists(
          db
            .select({ one: sql`1` })
            .from(rollCallEntry)
            .where(and(eq(rollCallEntry.rollCallId, params.notInRollCallId), match)),
        )
      : undefined;
  const visitors = await db
    .select({
      visitId: visit.id,
      visitorName: visit.visitorName,
      category: visit.category,
      visitCode: visit.visitCode,
      escortStaffId: escortAssignment.staffId,
      escortName: staff.name,
    })
    .from(visit)
    .leftJoin(escortAssignment, and(eq(escortAssignment.visitId, visit.id), isNull(escortAssignment.endedAt)))
    .leftJoin(staff, eq(staff.id, escortAssignment.staffId))
    .where(and(eq(visit.siteId, params.siteId), isNull(visit.signedOutAt), listed(eq(rollCallEntry.visitId, visit.id))))
    .orderBy(visit.signedInAt);
  const onDuty = await db
    .select({ staffId: staff.id, name: staff.name })
    .from(staffDuty)
    .innerJoin(staff, eq(staff.id, staffDuty.staffId))
    .where(
      and(
        eq(staffDuty.siteId, params.siteId),
        eq(staffDuty.onDuty, true),
        eq(staff.active, true),
        listed(eq(rollCallEntry.staffId, staff.id)),
      ),
    )
    .orderBy(staff.name);
  return { visitors, staff: onDuty };
}

export interface NewRollCallEntry {
  rollCallId: string;
  kind: 'visitor' | 'staff';
  visitId?: string;
  staffId?: string;
  escortStaffId?: string | null;
}

export async function insertRollCallEntries(db: DbOrTx, entries: NewRollCallEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(rollCallEntry).values(entries);
}

const person = alias(staff, 'person');
const escort = alias(staff, 'escort');
const marker = alias(staff, 'marker');

/** Every person on a roll call, with the names to show: the visitor's or staff member's, the escort's, the marker's. */
export async function listRollCallEntries(db: DbOrTx, params: { rollCallId: string }) {
  return db
    .select({
      id: rollCallEntry.id,
      kind: rollCallEntry.kind,
      visitorName: visit.visitorName,
      category: visit.category,
      visitCode: visit.visitCode,
      signedOutAt: visit.signedOutAt,
      staffName: person.name,
      escortName: escort.name,
      accountedAt: rollCallEntry.accountedAt,
      accountedByName: marker.name,
    })
    .from(rollCallEntry)
    .leftJoin(visit, eq(visit.id, rollCallEntry.visitId))
    .leftJoin(person, eq(person.id, rollCallEntry.staffId))
    .leftJoin(escort, eq(escort.id, rollCallEntry.escortStaffId))
    .leftJoin(marker, eq(marker.id, rollCallEntry.accountedByStaffId))
    .where(eq(rollCallEntry.rollCallId, params.rollCallId));
}

/** One entry of a roll call at the site, or null (an entry of another site's roll call is not found). */
export async function getRollCallEntry(db: DbOrTx, params: { siteId: string; entryId: string }) {
  const [row] = await db
    .select({
      id: rollCallEntry.id,
      rollCallId: rollCallEntry.rollCallId,
      kind: rollCallEntry.kind,
      visitId: rollCallEntry.visitId,
    })
    .from(rollCallEntry)
    .innerJoin(rollCall, eq(rollCall.id, rollCallEntry.rollCallId))
    .where(and(eq(rollCallEntry.id, params.entryId), eq(rollCall.siteId, params.siteId)));
  return row ?? null;
}

/**
 * Marks an entry accounted for (by whom, when) or takes the mark back. Returns false when it already was so:
 * the first mark stands, and two phones ticking the same person record it once.
 */
export async function setEntryAccounted(
  db: DbOrTx,
  params: { entryId: string; accounted: { at: Date; byStaffId: string } | null },
): Promise<boolean> {
  const rows = await db
    .update(rollCallEntry)
    .set({ accountedAt: params.accounted?.at ?? null, accountedByStaffId: params.accounted?.byStaffId ?? null })
    .where(
      and(
        eq(rollCallEntry.id, params.entryId),
        params.accounted ? isNull(rollCallEntry.accountedAt) : isNotNull(rollCallEntry.accountedAt),
      ),
    )
    .returning({ id: rollCallEntry.id });
  return rows.length > 0;
}

/** How many people a roll call lists, and how many of them are accounted for. */
export async function countRollCallEntries(db: DbOrTx, params: { rollCallId: string }) {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      accounted: sql<number>`count(${rollCallEntry.accountedAt})::int`,
    })
    .from(rollCallEntry)
    .where(eq(rollCallEntry.rollCallId, params.rollCallId));
  return row ?? { total: 0, accounted: 0 };
}

/** A site's roll calls, newest first, with who started and closed each and how many were accounted for. */
export async function listRollCalls(db: DbOrTx, params: { siteId: string; limit: number }) {
  return db
    .select({
      ...header,
      total: sql<number>`(select count(*)::int from roll_call_entry e where e.roll_call_id = ${rollCall.id})`,
      accounted: sql<number>`(select count(e.accounted_at)::int from roll_call_entry e
        where e.roll_call_id = ${rollCall.id})`,
    })
    .from(rollCall)
    .innerJoin(startedBy, eq(startedBy.id, rollCall.startedByStaffId))
    .leftJoin(closedBy, eq(closedBy.id, rollCall.closedByStaffId))
    .where(eq(rollCall.siteId, params.siteId))
    .orderBy(desc(rollCall.startedAt))
    .limit(params.limit);
}
