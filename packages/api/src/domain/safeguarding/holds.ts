import {
  type Db,
  type DbOrTx,
  getActiveHold,
  getSite,
  insertHoldOnce,
  listActiveHolds,
  lockVisit,
  releaseHoldRow,
} from '@threshold/db';
import { type HoldReason, holdReason } from '@threshold/validators';
import { writeAudit } from '../audit.ts';
import { localDate } from '../document-review.ts';
import { DomainError } from '../errors.ts';

const ALREADY_HELD = {
  field: 'visitId',
  key: 'visitId.already_held',
  message: 'This visit is already held. Release the current hold first if its reason or review date should change.',
};

interface HoldVisit {
  id: string;
  organisationId: string;
  siteId: string;
}

/**
 * Places a hold on a locked visit and records it; returns the hold id, or null when the visit already has an active
 * hold (one per visit). Call it in the transaction of whatever decided the hold.
 */
export async function placeHoldInTx(
  tx: DbOrTx,
  params: {
    visit: HoldVisit;
    reason: HoldReason;
    note: string;
    reviewBy: string;
    concernId: string | null;
    staffId: string;
    now: Date;
  },
): Promise<string | null> {
  const { visit } = params;
  const holdId = await insertHoldOnce(tx, {
    organisationId: visit.organisationId,
    siteId: visit.siteId,
    visitId: visit.id,
    reason: params.reason,
    note: params.note,
    reviewBy: params.reviewBy,
    concernId: params.concernId,
    placedByStaffId: params.staffId,
    placedAt: params.now,
  });
  if (!holdId) return null;
  await writeAudit(
    tx,
    { type: 'staff', id: params.staffId },
    { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
    {
      type: 'safeguarding.hold_placed',
      data: {
        holdId,
        reason: params.reason,
        reviewBy: params.reviewBy,
        ...(params.concernId ? { concernId: params.concernId } : {}),
      },
    },
  );
  return holdId;
}

/** A coordinator holds a visit; refused when it is already held. */
export function placeHold(
  db: Db,
  params: {
    siteId: string;
    visitId: string;
    reason: HoldReason;
    note: string;
    reviewBy: string;
    staffId: string;
    now: Date;
  },
) {
  return db.transaction(async (tx) => {
    const visit = await lockVisit(tx, { siteId: params.siteId, visitId: params.visitId });
    if (!visit) throw new DomainError('NOT_FOUND', 'That visit is not at this site.');
    const holdId = await placeHoldInTx(tx, { ...params, visit, concernId: null });
    if (!holdId) throw new DomainError('CONFLICT', ALREADY_HELD);
    return { holdId };
  });
}

/** Releases an active hold with the reason given; the reason stays with the hold, the audit row says who and when. */
export function releaseHold(
  db: Db,
  params: { siteId: string; holdId: string; reason: string; staffId: string; now: Date },
) {
  return db.transaction(async (tx) => {
    const row = await releaseHoldRow(tx, { ...params, at: params.now });
    if (!row) {
      throw new DomainError('NOT_FOUND', {
        field: 'holdId',
        key: 'holdId.not_active',
        message: 'That hold is no longer active at this site (someone may have released it). Nothing was changed.',
      });
    }
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: row.organisationId, siteId: params.siteId, visitId: row.visitId },
      { type: 'safeguarding.hold_released', data: { holdId: row.id } },
    );
    return { released: row.id };
  });
}

/**
 * The site's active holds for review: the earliest review date first, each marked overdue once its date has passed.
 * Each look is audited (which list, how many), as other staff views of visits are.
 */
export async function holdsForReview(
  db: Db,
  params: { siteId: string; organisationId: string; staffId: string; now: Date },
) {
  return db.transaction(async (tx) => {
    const site = await getSite(tx, { siteId: params.siteId });
    if (!site) throw new DomainError('NOT_FOUND', 'That site does not exist.');
    const today = localDate(params.now, site.timezone);
    const rows = await listActiveHolds(tx, { siteId: params.siteId, limit: 500 });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: params.organisationId, siteId: params.siteId },
      { type: 'safeguarding.viewed', data: { list: 'holds', count: rows.length } },
    );
    return rows.map((r) => ({ ...r, reason: holdReason.parse(r.reason), overdue: r.reviewBy < today }));
  });
}

/** The visit's active hold (for its detail page), or null. */
export async function activeHoldOf(db: DbOrTx, params: { siteId: string; visitId: string }) {
  const row = await getActiveHold(db, params);
  return row ? { ...row, reason: holdReason.parse(row.reason) } : null;
}
