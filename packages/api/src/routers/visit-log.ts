import { sectionRoles, visitDetailInput, visitLogSearchInput } from '@threshold/validators';
import { searchLog } from '../domain/visit-log.ts';
import { viewVisitTimeline } from '../domain/visit-timeline.ts';
import { router, staffProcedure } from '../trpc.ts';

// Coordinators only: the log is every visitor's record at the site (need to know).
const coordinator = staffProcedure(...sectionRoles.log);

export const visitLogRouter = router({
  /**
   * One page of the site's visit log, newest first, filtered; `nextCursor` fetches the next page. Every search is
   * audited (filters, and whether a name was searched). The admin app sends it as POST, so no name lands in a URL.
   */
  search: coordinator
    .input(visitLogSearchInput)
    .query(({ ctx, input }) => searchLog(ctx.db, { staffId: ctx.staff.id, search: input, now: ctx.now() })),

  /** Every event of one visit, who and when. Every view is audited. */
  timeline: coordinator
    .input(visitDetailInput)
    .query(({ ctx, input }) =>
      viewVisitTimeline(ctx.db, { siteId: ctx.siteId, visitId: input.visitId, staffId: ctx.staff.id }),
    ),
});
