import { listLogReviews } from '@threshold/db';
import { logPeriodInput, logSignOffInput, sectionRoles } from '@threshold/validators';
import { signOffLogReview, viewExceptionReport } from '../domain/log-review.ts';
import { router, staffProcedure } from '../trpc.ts';

const coordinator = staffProcedure(...sectionRoles.review);

export const logReviewsRouter = router({
  /** A period's exception report with its digest, which a sign-off must quote. Every view is audited. */
  exceptionReport: coordinator.input(logPeriodInput).query(({ ctx, input }) =>
    viewExceptionReport(ctx.db, {
      siteId: ctx.siteId,
      from: input.from,
      to: input.to,
      staffId: ctx.staff.id,
      now: ctx.now(),
    }),
  ),

  /** Signs off a period's review; refused with CONFLICT when the report changed since it was viewed. Audited. */
  signOff: coordinator.input(logSignOffInput).mutation(({ ctx, input }) =>
    signOffLogReview(ctx.db, {
      siteId: ctx.siteId,
      from: input.from,
      to: input.to,
      digest: input.digest,
      note: input.note,
      staffId: ctx.staff.id,
      now: ctx.now(),
    }),
  ),

  /** The site's sign-offs, latest period first. */
  list: coordinator.query(({ ctx }) => listLogReviews(ctx.db, { siteId: ctx.siteId, limit: 200 })),
});
