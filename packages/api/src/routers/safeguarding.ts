import {
  actionRoles,
  closeConcernInput,
  listConcernsInput,
  placeHoldInput,
  raiseConcernInput,
  releaseHoldInput,
  sectionRoles,
  visitHoldInput,
} from '@threshold/validators';
import { closeConcern, concernsList, raiseConcern } from '../domain/safeguarding/concerns.ts';
import { activeHoldOf, holdsForReview, placeHold, releaseHold } from '../domain/safeguarding/holds.ts';
import { router, staffProcedure } from '../trpc.ts';

const holder = staffProcedure(...actionRoles.holdVisit);

export const safeguardingRouter = router({
  /** A coordinator holds a visit so retention keeps it; one active hold per visit. Audited. */
  hold: holder
    .input(placeHoldInput)
    .mutation(({ ctx, input }) =>
      placeHold(ctx.db, { ...input, siteId: ctx.siteId, staffId: ctx.staff.id, now: ctx.now() }),
    ),

  /** Releases a hold with a reason. Audited. */
  release: holder
    .input(releaseHoldInput)
    .mutation(({ ctx, input }) =>
      releaseHold(ctx.db, { ...input, siteId: ctx.siteId, staffId: ctx.staff.id, now: ctx.now() }),
    ),

  /** The visit's active hold, or null (the visit detail's hold controls). */
  visitHold: holder
    .input(visitHoldInput)
    .query(({ ctx, input }) => activeHoldOf(ctx.db, { siteId: ctx.siteId, visitId: input.visitId })),

  /** Active holds for review: earliest review date first, overdue marked. */
  holds: staffProcedure(...sectionRoles.holds).query(({ ctx }) =>
    holdsForReview(ctx.db, {
      siteId: ctx.siteId,
      organisationId: ctx.staff.organisationId,
      staffId: ctx.staff.id,
      now: ctx.now(),
    }),
  ),

  /**
   * A concern raised during a visit: by the desk (coordinator, reception) for any visit on site, by an escort only for
   * a visit assigned to them. Holds the visit and alerts the coordinators in the same transaction.
   */
  raiseConcern: staffProcedure(...actionRoles.raiseConcern)
    .input(raiseConcernInput)
    .mutation(({ ctx, input }) => {
      const atDesk = ctx.staff.roles.some(
        (r) => r.siteId === ctx.siteId && (r.role === 'coordinator' || r.role === 'reception'),
      );
      return raiseConcern(ctx.db, {
        ...input,
        siteId: ctx.siteId,
        staffId: ctx.staff.id,
        via: atDesk ? 'desk' : 'escort',
        now: ctx.now(),
      });
    }),

  /** A coordinator closes a concern with what was done (the visit stays held until released). Audited. */
  closeConcern: staffProcedure(...sectionRoles.concerns)
    .input(closeConcernInput)
    .mutation(({ ctx, input }) =>
      closeConcern(ctx.db, { ...input, siteId: ctx.siteId, staffId: ctx.staff.id, now: ctx.now() }),
    ),

  /** The site's concerns, newest first; `open` (default) or `all`. */
  concerns: staffProcedure(...sectionRoles.concerns)
    .input(listConcernsInput)
    .query(({ ctx, input }) =>
      concernsList(ctx.db, {
        siteId: ctx.siteId,
        organisationId: ctx.staff.organisationId,
        staffId: ctx.staff.id,
        status: input.status,
      }),
    ),
});
