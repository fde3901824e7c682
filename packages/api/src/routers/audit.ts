import { verifyAuditChain } from '@threshold/db';
import { sectionRoles } from '@threshold/validators';
import { router, staffProcedure } from '../trpc.ts';

export const auditRouter = router({
  /** Recomputes the organisation's hash chain: intact (and how many rows await sealing), or the first broken row. */
  verify: staffProcedure(...sectionRoles.audit).query(({ ctx }) =>
    verifyAuditChain(ctx.db, { organisationId: ctx.staff.organisationId }),
  ),
});
