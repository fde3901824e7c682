import { listOnSiteVisits } from '@threshold/db';
import { actionRoles, sectionRoles, signInInput, signOutInput, visitDetailInput } from '@threshold/validators';
import { signInVisitor } from '../domain/sign-in.ts';
import { signOutAtKiosk } from '../domain/sign-out.ts';
import { downloadSignedForm } from '../domain/signed-form-download.ts';
import { viewVisitDetail } from '../domain/visit-detail.ts';
import { kioskProcedure, router, staffProcedure } from '../trpc.ts';

export const visitsRouter = router({
  signIn: kioskProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    // The visit's id stays on the server: the kiosk needs only the code.
    const { visitId: _visitId, ...receipt } = await signInVisitor(ctx.db, ctx.device, input, ctx.now());
    return receipt;
  }),

  signOut: kioskProcedure.input(signOutInput).mutation(async ({ ctx, input }) => {
    const answer = await signOutAtKiosk(ctx.db, ctx.device, {
      visitCode: input.visitCode,
      now: ctx.now(),
      ...(input.idempotencyKey ? { key: input.idempotencyKey } : {}),
      ...(input.signedOutAt ? { signedOutAt: input.signedOutAt } : {}),
    });
    return answer;
  }),

  /** Everyone on site now at one site, newest first. */
  onSite: staffProcedure(...sectionRoles.board).query(({ ctx }) => listOnSiteVisits(ctx.db, { siteIds: [ctx.siteId] })),

  /** The signed form as a PDF; a mutation because every download is recorded (never cached or prefetched). */
  downloadSignedForm: staffProcedure(...actionRoles.openVisit)
    .input(visitDetailInput)
    .mutation(({ ctx, input }) =>
      downloadSignedForm(ctx.db, { siteId: ctx.siteId, visitId: input.visitId, staffId: ctx.staff.id }),
    ),

  /** A visit with its signed form (version, hash, signature). Every view is audited. */
  detail: staffProcedure(...actionRoles.openVisit)
    .input(visitDetailInput)
    .query(({ ctx, input }) =>
      viewVisitDetail(ctx.db, { siteId: ctx.siteId, visitId: input.visitId, staffId: ctx.staff.id, now: ctx.now() }),
    ),
});
