import {
  createStaffAccountInput,
  sectionRoles,
  setRequireTwoFactorInput,
  setStaffRolesInput,
  siteScopedInput,
  staffAccountInput,
} from '@threshold/validators';
import {
  createStaffAccount,
  listSiteStaff,
  reactivateStaff,
  resetTwoFactor,
  setRequireTwoFactor,
  setStaffRoles,
} from '../domain/staff-accounts.ts';
import { router, staffProcedure } from '../trpc.ts';

/** Admins manage the staff accounts of their site (deactivation is `staff.deactivate`). */
const admin = staffProcedure(...sectionRoles.staff);

/** Who is acting, and where: every account change is made by an admin of the site in the request. */
const byAdmin = (ctx: { staff: { id: string; organisationId: string }; siteId: string; now: () => Date }) => ({
  organisationId: ctx.staff.organisationId,
  siteId: ctx.siteId,
  byStaffId: ctx.staff.id,
  now: ctx.now(),
});

export const accountsRouter = router({
  /** Everyone with a role here: roles, active, enrolled in two-factor; and the organisation's requirement. */
  list: admin
    .input(siteScopedInput)
    .query(({ ctx }) => listSiteStaff(ctx.db, { organisationId: ctx.staff.organisationId, siteId: ctx.siteId })),

  /** Returns the generated first password once; it is stored only as an argon2id hash. */
  create: admin
    .input(createStaffAccountInput)
    .mutation(({ ctx, input }) =>
      createStaffAccount(ctx.db, byAdmin(ctx), { name: input.name, email: input.email, roles: input.roles }),
    ),

  setRoles: admin
    .input(setStaffRolesInput)
    .mutation(({ ctx, input }) => setStaffRoles(ctx.db, byAdmin(ctx), { staffId: input.staffId, roles: input.roles })),

  reactivate: admin
    .input(staffAccountInput)
    .mutation(({ ctx, input }) => reactivateStaff(ctx.db, byAdmin(ctx), { staffId: input.staffId })),

  /** A lost phone: the person must enrol again (if required) after signing in with their password. */
  resetTwoFactor: admin
    .input(staffAccountInput)
    .mutation(({ ctx, input }) => resetTwoFactor(ctx.db, byAdmin(ctx), { staffId: input.staffId })),

  /** The organisation-wide switch: admins and coordinators must sign in with a TOTP code as well. */
  setRequireTwoFactor: admin
    .input(setRequireTwoFactorInput)
    .mutation(({ ctx, input }) =>
      setRequireTwoFactor(
        ctx.db,
        { ...byAdmin(ctx), byStaffEnrolled: ctx.staff.twoFactorEnabled },
        { required: input.required },
      ),
    ),
});
