import {
  acknowledgePolicyInput,
  assignEscortInput,
  sectionRoles,
  setDutyInput,
  setPinInput,
  siteScopedInput,
} from '@threshold/validators';
import { DomainError } from '../domain/errors.ts';
import { deactivateStaff, setOnDuty } from '../domain/escort/duty.ts';
import { setStaffPin } from '../domain/escort/pin.ts';
import { acknowledgeStaffPolicy, myEscortStatus } from '../domain/escort/staff-status.ts';
import { authedStaffProcedure, router, staffProcedure } from '../trpc.ts';

export const staffRouter = router({
  /** The signed-in member of staff, the sites where they hold each role, and their two-factor sign-in. */
  me: authedStaffProcedure.query(({ ctx }) => ({
    id: ctx.staff.id,
    name: ctx.staff.name,
    email: ctx.staff.email,
    roles: ctx.staff.roles,
    twoFactorEnabled: ctx.staff.twoFactorEnabled,
  })),

  /** Eligibility to escort at a site, duty, PIN, and the staff policy to accept. */
  myStatus: staffProcedure('admin', 'coordinator', 'reception', 'escort')
    .input(siteScopedInput)
    .query(({ ctx }) => myEscortStatus(ctx.db, { staffId: ctx.staff.id, siteId: ctx.siteId, now: ctx.now() })),

  /**
   * On or off duty at a site. Everyone on duty is on the evacuation roll call; an escort off duty cannot be assigned
   * (and going off duty with visitors raises an alert).
   */
  setDuty: staffProcedure('admin', 'coordinator', 'reception', 'escort')
    .input(setDutyInput)
    .mutation(({ ctx, input }) =>
      setOnDuty(ctx.db, {
        staffId: ctx.staff.id,
        organisationId: ctx.staff.organisationId,
        siteId: ctx.siteId,
        onDuty: input.onDuty,
        now: ctx.now(),
      }),
    ),

  acknowledgePolicy: staffProcedure('admin', 'coordinator', 'reception', 'escort')
    .input(acknowledgePolicyInput)
    .mutation(({ ctx, input }) =>
      acknowledgeStaffPolicy(ctx.db, {
        staffId: ctx.staff.id,
        organisationId: ctx.staff.organisationId,
        siteId: ctx.siteId,
        documentId: input.documentId,
        now: ctx.now(),
      }),
    ),

  /** Sets the 6-digit PIN used to confirm "I am with this visitor" at the kiosk (stored as argon2id). */
  setPin: authedStaffProcedure.input(setPinInput).mutation(({ ctx, input }) =>
    setStaffPin(ctx.db, {
      staffId: ctx.staff.id,
      organisationId: ctx.staff.organisationId,
      pin: input.pin,
      now: ctx.now(),
    }),
  ),

  /** Deactivation: the account stops working on its next request; any visitor it escorted raises an alert. */
  deactivate: staffProcedure(...sectionRoles.staff)
    .input(assignEscortInput.pick({ siteId: true, staffId: true }))
    .mutation(({ ctx, input }) => {
      if (input.staffId === ctx.staff.id)
        throw new DomainError('BAD_REQUEST', {
          field: 'staffId',
          key: 'staffId.self',
          message: 'You cannot deactivate yourself',
        });
      return deactivateStaff(ctx.db, {
        staffId: input.staffId,
        byStaffId: ctx.staff.id,
        organisationId: ctx.staff.organisationId,
        siteId: ctx.siteId,
        now: ctx.now(),
      });
    }),
});
