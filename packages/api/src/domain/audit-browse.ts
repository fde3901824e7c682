import { type Db, getSite, listSiteAuditEvents } from '@threshold/db';
import { AUDIT_PAGE_SIZE, type AuditBrowseFilters, type AuditTrailEntry, timelineEventOf } from '@threshold/validators';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';

/**
 * One page of a site's audit trail for a coordinator or admin, newest first, filtered by who acted, the kind of
 * event, the site's calendar days and the visit. Viewing is itself recorded in the same transaction, after the read
 * (ids, kind and dates only), on the visit's own timeline when filtered to one visit.
 */
export async function browseSiteAudit(
  db: Db,
  params: { siteId: string; staffId: string; filters: AuditBrowseFilters; before?: number },
) {
  return db.transaction(async (tx) => {
    const site = await getSite(tx, { siteId: params.siteId });
    if (!site) throw new DomainError('NOT_FOUND', 'There is no such site.');
    const { filters } = params;
    const rows = await listSiteAuditEvents(tx, {
      organisationId: site.organisationId,
      siteId: site.id,
      timeZone: site.timezone,
      ...filters,
      ...(params.before ? { before: params.before } : {}),
      limit: AUDIT_PAGE_SIZE,
    });
    const entries = rows.map(
      ({ type, data, ...meta }): AuditTrailEntry => ({ ...meta, ...timelineEventOf(type, data) }),
    );
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: site.organisationId, siteId: site.id, visitId: filters.visitId ?? null },
      {
        type: 'audit.viewed',
        data: {
          ...(filters.actorStaffId ? { actorStaffId: filters.actorStaffId } : {}),
          ...(filters.type ? { eventType: filters.type } : {}),
          ...(filters.from ? { from: filters.from } : {}),
          ...(filters.to ? { to: filters.to } : {}),
          ...(params.before ? { before: params.before } : {}),
          count: entries.length,
        },
      },
    );
    const last = entries.at(-1);
    return { entries, next: entries.length === AUDIT_PAGE_SIZE && last ? last.id : null };
  });
}
