import { listEscortVisits } from '@threshold/db';
import {
  actionRoles,
  assignEscortInput,
  offerHandoverInput,
  recordTrainingInput,
  sectionRoles,
  shortName,
  visitActionInput,
} from '@threshold/validators';
import {
  acceptHandover,
  assignEscort,
  cancelHandover,
  confirmEscort,
  offerHandover,
  signOutByEscort,
} from '../domain/escort/assignment.ts';
import { listEscortsWithEligibility, recordTraining } from '../domain/escort/staff-status.ts';
import { router, staffProcedure } from '../trpc.ts';

const escort = staffProcedure(...sectionRoles.mine);
const desk = staffProcedure(...sectionRoles.escorts);

export const escortsRouter = router({
  /** Escorts at the site, each with whether they can be assigned now and why not. */
  list: desk.query(({ ctx }) => listEscortsWithEligibility(ctx.db, { siteId: ctx.siteId, now: ctx.now() })),

  assign: desk.input(assignEscortInput).mutation(({ ctx, input }) =>
    assignEscort(ctx.db, {
      siteId: ctx.siteId,
      visitId: input.visitId,
      staffId: input.staffId,
      byStaffId: ctx.staff.id,
      now: ctx.now(),
    }),
  ),

  recordTraining: staffProcedure(...actionRoles.recordTraining)
    .input(recordTrainingInput)
    .mutation(({ ctx, input }) =>
      recordTraining(ctx.db, {
        staffId: input.staffId,
        byStaffId: ctx.staff.id,
        organisationId: ctx.staff.organisationId,
        siteId: ctx.siteId,
        completedOn: input.completedOn,
        now: ctx.now(),
      }),
    ),

  /** Escorts who could take a visitor over now (for a handover), by name. */
  colleagues: escort.query(async ({ ctx }) => {
    const all = await listEscortsWithEligibility(ctx.db, { siteId: ctx.siteId, now: ctx.now() });
    return all.filter((e) => e.eligible && e.staffId !== ctx.staff.id).map(({ staffId, name }) => ({ staffId, name }));
  }),

  /** The escort's phone: only their own visitors (held, or offered to them), first name and initial only. */
  mine: escort.query(async ({ ctx }) => {
    const rows = await listEscortVisits(ctx.db, { siteId: ctx.siteId, staffId: ctx.staff.id });
    return rows.map(({ visitorName, ...row }) => ({
      ...row,
      visitorShortName: shortName(visitorName),
      role: row.escortStaffId === ctx.staff.id ? ('escort' as const) : ('offered' as const),
    }));
  }),

  confirm: escort
    .input(visitActionInput)
    .mutation(({ ctx, input }) =>
      confirmEscort(ctx.db, { siteId: ctx.siteId, visitId: input.visitId, staffId: ctx.staff.id, now: ctx.now() }),
    ),

  offerHandover: escort.input(offerHandoverInput).mutation(({ ctx, input }) =>
    offerHandover(ctx.db, {
      siteId: ctx.siteId,
      visitId: input.visitId,
      staffId: ctx.staff.id,
      toStaffId: input.toStaffId,
      now: ctx.now(),
    }),
  ),

  acceptHandover: escort
    .input(visitActionInput)
    .mutation(({ ctx, input }) =>
      acceptHandover(ctx.db, { siteId: ctx.siteId, visitId: input.visitId, staffId: ctx.staff.id, now: ctx.now() }),
    ),

  cancelHandover: escort
    .input(visitActionInput)
    .mutation(({ ctx, input }) =>
      cancelHandover(ctx.db, { siteId: ctx.siteId, visitId: input.visitId, staffId: ctx.staff.id, now: ctx.now() }),
    ),

  signOut: escort
    .input(visitActionInput)
    .mutation(({ ctx, input }) =>
      signOutByEscort(ctx.db, { siteId: ctx.siteId, visitId: input.visitId, staffId: ctx.staff.id, now: ctx.now() }),
    ),
});
