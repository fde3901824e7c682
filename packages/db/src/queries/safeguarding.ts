import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../client.ts';
import { safeguardingConcern, safeguardingHold } from '../schema/safeguarding.ts';
import { staff } from '../schema/staff.ts';
import { visit } from '../schema/visit.ts';

/*
 * Retention: a purge MUST NOT destroy a visit for which `isVisitHeld` is true. Filter candidates with
 * `heldVisitIds` (or the same `released_at is null` test in SQL) inside the purge's transaction, after locking
 * the visits, so a hold placed a moment earlier is seen. The foreign keys from safeguarding_hold and
 * safeguarding_concern to visit have no cascade, so deleting a visit that was ever held fails loudly rather than
 * silently taking its hold with it.
 */

/** Whether the visit has an active (unreleased) safeguarding hold. */
export async function isVisitHeld(db: DbOrTx, params: { visitId: string }): Promise<boolean> {
  const rows = await heldVisitIds(db, { visitIds: [params.visitId] });
  return rows.size > 0;
}

/** The ones among `visitIds` with an active safeguarding hold. */
export async function heldVisitIds(db: DbOrTx, params: { visitIds: string[] }): Promise<Set<string>> {
  if (params.visitIds.length === 0) return new Set();
  const rows = await db
    .select({ visitId: safeguardingHold.visitId })
    .from(safeguardingHold)
    .where(and(inArray(safeguardingHold.visitId, params.visitIds), isNull(safeguardingHold.releasedAt)));
  return new Set(rows.map((r) => r.visitId));
}

export interface NewHold {
  organisationId: string;
  siteId: string;
  visitId: string;
  reason: string;
  note: string;
  reviewBy: string;
  concernId: string | null;
  placedByStaffId: string;
  placedAt: Date;
}

/** Places a hold unless the visit already has an active one; returns its id, or null when it already was held. */
export async function insertHoldOnce(db: DbOrTx, hold: NewHold): Promise<string | null> {
  const [row] = await db
    .insert(safeguardingHold)
    .values(hold)
    .onConflictDoNothing({ target: safeguardingHold.visitId, where: isNull(safeguardingHold.releasedAt) })
    .returning({ id: safeguardingHold.id });
  return row?.id ?? null;
}

/** The visit's active hold, or null. */
export async function getActiveHold(db: DbOrTx, params: { siteId: string; visitId: string }) {
  const [row] = await db
    .select({
      id: safeguardingHold.id,
      reason: safeguardingHold.reason,
      note: safeguardingHold.note,
      reviewBy: safeguardingHold.reviewBy,
      concernId: safeguardingHold.concernId,
      placedAt: safeguardingHold.placedAt,
      placedByName: staff.name,
    })
    .from(safeguardingHold)
    .innerJoin(staff, eq(staff.id, safeguardingHold.placedByStaffId))
    .where(
      and(
        eq(safeguardingHold.visitId, params.visitId),
        eq(safeguardingHold.siteId, params.siteId),
        isNull(safeguardingHold.releasedAt),
      ),
    );
  return row ?? null;
}

/** Releases an active hold at a site; returns it, or null when there is no such active hold. */
export async function releaseHoldRow(
  db: DbOrTx,
  params: { siteId: string; holdId: string; staffId: string; reason: string; at: Date },
) {
  const [row] = await db
    .update(safeguardingHold)
    .set({ releasedAt: params.at, releasedByStaffId: params.staffId, releaseReason: params.reason })
    .where(
      and(
        eq(safeguardingHold.id, params.holdId),
        eq(safeguardingHold.siteId, params.siteId),
        isNull(safeguardingHold.releasedAt),
      ),
    )
    .returning({
      id: safeguardingHold.id,
      organisationId: safeguardingHold.organisationId,
      visitId: safeguardingHold.visitId,
    });
  return row ?? null;
}

/** A site's active holds, the earliest review date first, with the visitor and who placed each. */
export async function listActiveHolds(db: DbOrTx, params: { siteId: string; limit: number }) {
  return db
    .select({
      id: safeguardingHold.id,
      visitId: safeguardingHold.visitId,
      visitorName: visit.visitorName,
      signedInAt: visit.signedInAt,
      reason: safeguardingHold.reason,
      note: safeguardingHold.note,
      reviewBy: safeguardingHold.reviewBy,
      concernId: safeguardingHold.concernId,
      placedAt: safeguardingHold.placedAt,
      placedByName: staff.name,
    })
    .from(safeguardingHold)
    .innerJoin(visit, eq(visit.id, safeguardingHold.visitId))
    .innerJoin(staff, eq(staff.id, safeguardingHold.placedByStaffId))
    .where(and(eq(safeguardingHold.siteId, params.siteId), isNull(safeguardingHold.releasedAt)))
    .orderBy(asc(safeguardingHold.reviewBy), asc(safeguardingHold.placedAt))
    .limit(params.limit);
}

export interface NewConcern {
  organisationId: string;
  siteId: string;
  visitId: string;
  category: string;
  note: string;
  raisedByStaffId: string;
  raisedVia: string;
  raisedAt: Date;
}

export async function insertConcern(db: DbOrTx, concern: NewConcern): Promise<string> {
  const [row] = await db.insert(safeguardingConcern).values(concern).returning({ id: safeguardingConcern.id });
  if (!row) throw new Error('concern insert returned nothing');
  return row.id;
}

/** Closes an open concern at a site with what was done; returns it, or null when there is no such open concern. */
export async function closeConcernRow(
  db: DbOrTx,
  params: { siteId: string; concernId: string; staffId: string; note: string; at: Date },
) {
  const [row] = await db
    .update(safeguardingConcern)
    .set({ closedAt: params.at, closedByStaffId: params.staffId, closeNote: params.note })
    .where(
      and(
        eq(safeguardingConcern.id, params.concernId),
        eq(safeguardingConcern.siteId, params.siteId),
        isNull(safeguardingConcern.closedAt),
      ),
    )
    .returning({
      id: safeguardingConcern.id,
      organisationId: safeguardingConcern.organisationId,
      visitId: safeguardingConcern.visitId,
    });
  return row ?? null;
}

const closer = alias(staff, 'closer');

/** A site's concerns, newest first, with the visitor and who raised each; `open` leaves out closed ones. */
export async function listConcerns(db: DbOrTx, params: { siteId: string; status: 'open' | 'all'; limit: number }) {
  return db
    .select({
      id: safeguardingConcern.id,
      visitId: safeguardingConcern.visitId,
      visitorName: visit.visitorName,
      category: safeguardingConcern.category,
      note: safeguardingConcern.note,
      raisedVia: safeguardingConcern.raisedVia,
      raisedAt: safeguardingConcern.raisedAt,
      raisedByName: staff.name,
      closedAt: safeguardingConcern.closedAt,
      closedByName: closer.name,
      closeNote: safeguardingConcern.closeNote,
    })
    .from(safeguardingConcern)
    .innerJoin(visit, eq(visit.id, safeguardingConcern.visitId))
    .innerJoin(staff, eq(staff.id, safeguardingConcern.raisedByStaffId))
    .leftJoin(closer, eq(closer.id, safeguardingConcern.closedByStaffId))
    .where(
      and(
        eq(safeguardingConcern.siteId, params.siteId),
        params.status === 'open' ? isNull(safeguardingConcern.closedAt) : undefined,
      ),
    )
    .orderBy(desc(safeguardingConcern.raisedAt))
    .limit(params.limit);
}
