import { actionRoles, markRollCallInput, rollCallRefInput, sectionRoles } from '@threshold/validators';
import { addRollCallArrivals, closeRollCall, markRollCallEntry, startRollCall } from '../domain/roll-call.ts';
import { currentRollCall, rollCallHistory, viewRollCall } from '../domain/roll-call-view.ts';
import { router, staffProcedure } from '../trpc.ts';

// The front desk runs an evacuation: coordinators and reception. Escorts report to them at the assembly point.
const desk = staffProcedure(...sectionRoles.rollCall);
const coordinator = staffProcedure(...actionRoles.rollCallHistory);

export const rollCallRouter = router({
  /** Lists everyone on site now; joins the open roll call if there is one (`created: false`). */
  start: desk.mutation(({ ctx }) =>
    startRollCall(ctx.db, {
      organisationId: ctx.staff.organisationId,
      siteId: ctx.siteId,
      staffId: ctx.staff.id,
      now: ctx.now(),
    }),
  ),

  /** The open roll call with its marks and counts, and who arrived since it started; null when none is open. */
  current: desk.query(({ ctx }) => currentRollCall(ctx.db, { siteId: ctx.siteId })),

  mark: desk.input(markRollCallInput).mutation(({ ctx, input }) =>
    markRollCallEntry(ctx.db, {
      siteId: ctx.siteId,
      staffId: ctx.staff.id,
      entryId: input.entryId,
      accounted: input.accounted,
      now: ctx.now(),
    }),
  ),

  addArrivals: desk.input(rollCallRefInput).mutation(({ ctx, input }) =>
    addRollCallArrivals(ctx.db, {
      siteId: ctx.siteId,
      staffId: ctx.staff.id,
      rollCallId: input.rollCallId,
      now: ctx.now(),
    }),
  ),

  close: desk.input(rollCallRefInput).mutation(({ ctx, input }) =>
    closeRollCall(ctx.db, {
      siteId: ctx.siteId,
      staffId: ctx.staff.id,
      rollCallId: input.rollCallId,
      now: ctx.now(),
    }),
  ),

  /** Past roll calls at the site, newest first, with counts and who started and closed them. */
  history: coordinator.query(({ ctx }) => rollCallHistory(ctx.db, { siteId: ctx.siteId })),

  /** One roll call with everyone on it and their marks; every view is audited. */
  get: coordinator
    .input(rollCallRefInput)
    .query(({ ctx, input }) =>
      viewRollCall(ctx.db, { siteId: ctx.siteId, rollCallId: input.rollCallId, staffId: ctx.staff.id }),
    ),
});
