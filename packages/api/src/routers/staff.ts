import { authedStaffProcedure, router } from '../trpc.ts';

export const staffRouter = router({
  /** The signed-in member of staff and the sites where they hold each role. */
  me: authedStaffProcedure.query(({ ctx }) => ({
    id: ctx.staff.id,
    name: ctx.staff.name,
    email: ctx.staff.email,
    roles: ctx.staff.roles,
  })),
});
