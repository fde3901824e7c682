import { type Db, getSite, getVisitSite, listExportsIncludingVisit, listVisitTimeline } from '@threshold/db';
import { timelineEventOf, type VisitTimelineEvent } from '@threshold/validators';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';

/**
 * Everything that happened to a visit — sign-in, escorts, handovers, alerts, sign-out, and who opened its record —
 * for a coordinator of its site. Looking is recorded in the same transaction, after the read, so the timeline shows
 * the views before this one, and every export that included it. Each event comes typed by the audit union, so clients read its data without guessing.
 */
export async function viewVisitTimeline(db: Db, params: { siteId: string; visitId: string; staffId: string }) {
  return db.transaction(async (tx) => {
    const site = await getSite(tx, { siteId: params.siteId });
    const visitSite = await getVisitSite(tx, { visitId: params.visitId });
    if (!site || visitSite !== site.id) throw new DomainError('NOT_FOUND', 'There is no such visit at this site.');
    const own = await listVisitTimeline(tx, { visitId: params.visitId });
    const exports = await listExportsIncludingVisit(tx, { visitId: params.visitId });
    const named = { staffName: null, fromStaffName: null, toStaffName: null, alertNote: null };
    const rows = [...own, ...exports.map((e) => ({ ...e, ...named }))].sort(
      (a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id,
    );
    const events = rows.map(
      ({ type, data, ...meta }): VisitTimelineEvent => ({ ...meta, ...timelineEventOf(type, data) }),
    );
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: site.organisationId, siteId: site.id, visitId: params.visitId },
      { type: 'visit.viewed', data: { what: 'timeline' } },
    );
    return { visitId: params.visitId, events };
  });
}
