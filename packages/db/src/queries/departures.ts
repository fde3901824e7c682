import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { site } from '../schema/organisation.ts';
import { visit } from '../schema/visit.ts';

/** Each site's clock and closing time (every site's, or only these), for the closing-time sweep. */
export function listSiteClosingTimes(db: DbOrTx, params: { siteIds?: string[] } = {}) {
  return db
    .select({
      id: site.id,
      organisationId: site.organisationId,
      timezone: site.timezone,
      closingTime: site.closingTime,
    })
    .from(site)
    .where(params.siteIds ? inArray(site.id, params.siteIds) : undefined);
}

/**
 * Visits at a site still open (waiting for or with an escort) that began before `before`, locked for the change.
 * Screening visits wait for a coordinator's decision, so the closing time leaves them alone.
 */
export function lockVisitsOpenBefore(db: DbOrTx, params: { siteId: string; before: Date }) {
  return db
    .select({ id: visit.id, organisationId: visit.organisationId, siteId: visit.siteId, state: visit.state })
    .from(visit)
    .where(
      and(
        eq(visit.siteId, params.siteId),
        // Open visits only, so the on-site partial index answers this every minute, not the whole history.
        isNull(visit.signedOutAt),
        inArray(visit.state, ['awaiting_escort', 'escorted', 'handover_pending']),
        lt(visit.signedInAt, params.before),
      ),
    )
    .for('update');
}
