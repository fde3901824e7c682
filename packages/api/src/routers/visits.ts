import { listOnSiteVisits } from '@threshold/db';
import { signInInput, signOutInput } from '@threshold/validators';
import { signInVisitor } from '../domain/sign-in.ts';
import { signOutAtKiosk } from '../domain/sign-out.ts';
import { kioskProcedure, router, staffProcedure } from '../trpc.ts';

export const visitsRouter = router({
  signIn: kioskProcedure.input(signInInput).mutation(({ ctx, input }) => signInVisitor(ctx.db, ctx.device, input)),

  signOut: kioskProcedure
    .input(signOutInput)
    .mutation(({ ctx, input }) => signOutAtKiosk(ctx.db, ctx.device, { visitCode: input.visitCode, now: ctx.now() })),

  /** Everyone on site now at one site, newest first. */
  onSite: staffProcedure('coordinator', 'reception').query(({ ctx }) =>
    listOnSiteVisits(ctx.db, { siteIds: [ctx.siteId] }),
  ),
});
