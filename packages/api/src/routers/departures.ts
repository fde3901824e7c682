import { actionRoles, recordDepartureInput, signOutOnBehalfInput } from '@threshold/validators';
import { recordDeparture, signOutOnBehalf } from '../domain/departure.ts';
import { router, staffProcedure } from '../trpc.ts';

export const departuresRouter = router({
  /** Desk staff sign a visitor out for them, with a reason that is kept and audited. */
  signOutOnBehalf: staffProcedure(...actionRoles.recordDeparture)
    .input(signOutOnBehalfInput)
    .mutation(({ ctx, input }) =>
      signOutOnBehalf(ctx.db, { ...input, siteId: ctx.siteId, staffId: ctx.staff.id, now: ctx.now() }),
    ),

  /** When a visitor whose departure was not confirmed at closing time actually left, with a note. */
  record: staffProcedure(...actionRoles.recordDeparture)
    .input(recordDepartureInput)
    .mutation(({ ctx, input }) =>
      recordDeparture(ctx.db, { ...input, siteId: ctx.siteId, staffId: ctx.staff.id, now: ctx.now() }),
    ),
});
