import { listOpenAlerts } from '@threshold/db';
import { acknowledgeAlertInput, acknowledgeAlertsInput, sectionRoles } from '@threshold/validators';
import { acknowledgeAlert, acknowledgeAlerts } from '../domain/escort/alerts.ts';
import { router, staffProcedure } from '../trpc.ts';

const desk = staffProcedure(...sectionRoles.board);

export const alertsRouter = router({
  /** Open "visitor astray" alerts at the site, oldest first. */
  open: desk.query(({ ctx }) => listOpenAlerts(ctx.db, { siteId: ctx.siteId })),

  acknowledge: desk.input(acknowledgeAlertInput).mutation(({ ctx, input }) =>
    acknowledgeAlert(ctx.db, {
      siteId: ctx.siteId,
      alertId: input.alertId,
      staffId: ctx.staff.id,
      note: input.note,
      now: ctx.now(),
    }),
  ),

  /** Several alerts closed with one note (a busy day's group of the same kind); all or none. */
  acknowledgeMany: desk.input(acknowledgeAlertsInput).mutation(({ ctx, input }) =>
    acknowledgeAlerts(ctx.db, {
      siteId: ctx.siteId,
      alertIds: input.alertIds,
      staffId: ctx.staff.id,
      note: input.note,
      now: ctx.now(),
    }),
  ),
});
