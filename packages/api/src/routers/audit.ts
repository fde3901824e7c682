import { verifyAuditChain } from '@threshold/db';
import { auditBrowseInput, sectionRoles } from '@threshold/validators';
import { browseSiteAudit } from '../domain/audit-browse.ts';
import { router, staffProcedure } from '../trpc.ts';

const auditors = staffProcedure(...sectionRoles.audit);

export const auditRouter = router({
  /** One page of the site's audit trail, newest first, filtered; every page viewed is itself recorded. */
  browse: auditors.input(auditBrowseInput).query(({ ctx, input }) =>
    browseSiteAudit(ctx.db, {
      siteId: ctx.siteId,
      staffId: ctx.staff.id,
      filters: input.filters,
      ...(input.before ? { before: input.before } : {}),
    }),
  ),

  /** Recomputes the organisation's hash chain: intact (and how many rows await sealing), or the first broken row. */
  verify: auditors.query(({ ctx }) => verifyAuditChain(ctx.db, { organisationId: ctx.staff.organisationId })),
});
