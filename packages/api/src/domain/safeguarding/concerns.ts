import {
  closeConcernRow,
  type Db,
  type DbOrTx,
  getConcernReviewDays,
  getOpenAssignment,
  insertConcern,
  insertOutboxMessage,
  listConcerns,
  listSiteStaffEmails,
  lockVisit,
} from '@threshold/db';
import {
  type ConcernCategory,
  type ConcernRaisedVia,
  concernCategory,
  concernRaisedVia,
  holdReasonOfConcern,
  visitState,
} from '@threshold/validators';
import { publishLive } from '../../live/publish.ts';
import { writeAudit } from '../audit.ts';
import { DomainError } from '../errors.ts';
import { raiseAlertInTx } from '../escort/alerts.ts';
import { isOnSite } from '../visit-state.ts';
import { placeHoldInTx } from './holds.ts';

const reviewDateAfter = (now: Date, days: number) =>
  new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A concern raised during a visit, by its escort (only for a visit assigned to them) or by the desk. In one
 * transaction: the concern, a hold on the visit (unless already held), an alert on the board with an email to the
 * site's coordinators, and the audit rows — so a concern is never recorded without its visit being kept.
 */
export function raiseConcern(
  db: Db,
  params: {
    siteId: string;
    visitId: string;
    category: ConcernCategory;
    note: string;
    staffId: string;
    via: ConcernRaisedVia;
    now: Date;
  },
) {
  return db.transaction(async (tx) => {
    const visit = await lockVisit(tx, { siteId: params.siteId, visitId: params.visitId });
    if (!visit) throw new DomainError('NOT_FOUND', 'That visit is not at this site.');
    if (params.via === 'escort') {
      const assignment = await getOpenAssignment(tx, { visitId: visit.id });
      if (assignment?.staffId !== params.staffId) {
        throw new DomainError('FORBIDDEN', 'This visitor is not assigned to you. Tell reception or a coordinator.');
      }
    }
    if (!isOnSite(visitState.parse(visit.state))) {
      throw new DomainError('BAD_REQUEST', {
        field: 'visitId',
        key: 'visitId.signed_out',
        message: 'This visitor has signed out. Tell a coordinator, who can hold the visit from the visit log.',
      });
    }
    const concernId = await insertConcern(tx, {
      organisationId: visit.organisationId,
      siteId: visit.siteId,
      visitId: visit.id,
      category: params.category,
      note: params.note,
      raisedByStaffId: params.staffId,
      raisedVia: params.via,
      raisedAt: params.now,
    });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
      { type: 'safeguarding.concern_raised', data: { concernId, category: params.category, via: params.via } },
    );
    // The organisation's review period (retention settings): a coordinator releases or re-holds by then.
    const reviewDays = await getConcernReviewDays(tx, { organisationId: visit.organisationId });
    const holdId = await placeHoldInTx(tx, {
      visit,
      reason: holdReasonOfConcern[params.category],
      note: '',
      reviewBy: reviewDateAfter(params.now, reviewDays),
      concernId,
      staffId: params.staffId,
      now: params.now,
    });
    const alertId = await raiseAlertInTx(tx, {
      visit,
      kind: 'safeguarding_concern',
      staffId: params.staffId,
      now: params.now,
    });
    // The visit's concern alert is still open from an earlier concern: the board keeps that one alert, but every
    // concern is news, so coordinators are emailed and the desks told again.
    if (!alertId) await tellCoordinatorsAgain(tx, visit);
    return { concernId, holdId, alertId };
  });
}

/**
 * A coordinator closes a concern with what was done; the note stays with the concern. The visit's hold is left as it
 * is: releasing it is a separate decision, with its own reason.
 */
export function closeConcern(
  db: Db,
  params: { siteId: string; concernId: string; note: string; staffId: string; now: Date },
) {
  return db.transaction(async (tx) => {
    const row = await closeConcernRow(tx, { ...params, at: params.now });
    if (!row) {
      throw new DomainError('NOT_FOUND', {
        field: 'concernId',
        key: 'concernId.not_open',
        message: 'That concern is no longer open at this site (someone may have closed it). Nothing was changed.',
      });
    }
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: row.organisationId, siteId: params.siteId, visitId: row.visitId },
      { type: 'safeguarding.concern_closed', data: { concernId: row.id } },
    );
    return { closed: row.id };
  });
}

async function tellCoordinatorsAgain(tx: DbOrTx, visit: { id: string; organisationId: string; siteId: string }) {
  for (const email of await listSiteStaffEmails(tx, { siteId: visit.siteId, roles: ['coordinator'] })) {
    await insertOutboxMessage(tx, {
      organisationId: visit.organisationId,
      siteId: visit.siteId,
      visitId: visit.id,
      template: 'alert_raised',
      toAddress: email,
      payload: { kind: 'safeguarding_concern' },
    });
  }
  await publishLive(tx, [
    { type: 'alert', organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
  ]);
}

/** A site's concerns for coordinators, newest first. Each look is audited (which list, how many). */
export async function concernsList(
  db: Db,
  params: { siteId: string; organisationId: string; staffId: string; status: 'open' | 'all' },
) {
  return db.transaction(async (tx) => {
    const rows = await listConcerns(tx, { siteId: params.siteId, status: params.status, limit: 500 });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: params.organisationId, siteId: params.siteId },
      { type: 'safeguarding.viewed', data: { list: 'concerns', status: params.status, count: rows.length } },
    );
    return rows.map((r) => ({
      ...r,
      category: concernCategory.parse(r.category),
      raisedVia: concernRaisedVia.parse(r.raisedVia),
    }));
  });
}
