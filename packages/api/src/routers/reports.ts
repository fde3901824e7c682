import { exportPageInput, exportStartInput, reportPeriodInput, sectionRoles } from '@threshold/validators';
import { exportVisitPage, startVisitExport } from '../domain/report-export.ts';
import { viewVisitReport } from '../domain/reports.ts';
import { router, staffProcedure } from '../trpc.ts';

// Coordinators only: even counts of a small site can point at people, so admins see reports only where they
// are also coordinator.
const coordinator = staffProcedure(...sectionRoles.reports);

export const reportsRouter = router({
  /** Visits per week by category, compliance and median time to escort confirmation. Every view is audited. */
  visits: coordinator.input(reportPeriodInput).query(({ ctx, input }) =>
    viewVisitReport(ctx.db, {
      siteId: ctx.siteId,
      staffId: ctx.staff.id,
      from: input.from,
      to: input.to,
      now: ctx.now(),
    }),
  ),

  /** Starts a CSV export of a period (audited once, with its row count); the rows then come page by page. */
  exportStart: coordinator.input(exportStartInput).mutation(({ ctx, input }) =>
    startVisitExport(ctx.db, {
      siteId: ctx.siteId,
      staffId: ctx.staff.id,
      from: input.from,
      to: input.to,
      reason: input.reason,
    }),
  ),

  /** The next page of an export this member of staff started here; a mutation so nothing caches visit data. */
  exportPage: coordinator.input(exportPageInput).mutation(({ ctx, input }) =>
    exportVisitPage(ctx.db, {
      siteId: ctx.siteId,
      staffId: ctx.staff.id,
      exportId: input.exportId,
      after: input.after,
      now: ctx.now(),
    }),
  ),
});
