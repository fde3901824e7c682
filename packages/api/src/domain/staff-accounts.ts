import {
  type Db,
  type DbOrTx,
  deleteSessionsOfStaff,
  getOrganisationSecurity,
  grantRoles,
  listAdminSitesOf,
  listStaffAtSite,
  lockStaffAtSite,
  removeTwoFactorEnrolment,
  revokeRoles,
  setOrganisationRequiresTwoFactor,
  setStaffActive,
} from '@threshold/db';
import { type CreateStaffAccountInput, type StaffRole, staffRole } from '@threshold/validators';
import { insertNewStaff, newInitialPassword } from './accounts.ts';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';
import { alertVisitAccessGranted, refuseSelfGrant } from './visit-access.ts';

/** Who is changing what: an admin at a site of their organisation. */
export interface AdminAct {
  organisationId: string;
  siteId: string;
  byStaffId: string;
  now: Date;
}

const rolesOf = (roles: string[]) => roles.flatMap((r) => staffRole.safeParse(r).data ?? []);

/** Everyone with a role at the site and whether the organisation requires two-factor sign-in. */
export async function listSiteStaff(db: Db, params: { organisationId: string; siteId: string }) {
  const [rows, security] = await Promise.all([
    listStaffAtSite(db, { siteId: params.siteId }),
    getOrganisationSecurity(db, { organisationId: params.organisationId }),
  ]);
  return {
    requireTwoFactor: security?.requireTwoFactor ?? false,
    staff: rows.map((row) => ({ ...row, roles: rolesOf(row.roles) })),
  };
}

/** The member of staff, locked, if they work at the admin's site; NOT_FOUND otherwise (the same for any other). */
async function targetAt(tx: DbOrTx, act: AdminAct, staffId: string) {
  const target = await lockStaffAtSite(tx, { siteId: act.siteId, staffId });
  if (!target || target.organisationId !== act.organisationId) {
    throw new DomainError('NOT_FOUND', 'That member of staff does not work at this site.');
  }
  return target;
}

/**
 * A new account with roles at this site and a generated first password, returned once and never stored. The admin
 * has seen it, so its owner replaces it at the first sign-in.
 */
export async function createStaffAccount(db: Db, act: AdminAct, input: Omit<CreateStaffAccountInput, 'siteId'>) {
  const { password, passwordHash } = await newInitialPassword();
  return db.transaction(async (tx) => {
    const { id } = await insertNewStaff(tx, {
      organisationId: act.organisationId,
      name: input.name,
      email: input.email,
      passwordHash,
      passwordChangeRequired: true,
    });
    await grantRoles(tx, { staffId: id, siteId: act.siteId, roles: input.roles });
    await writeAudit(
      tx,
      { type: 'staff', id: act.byStaffId },
      { organisationId: act.organisationId, siteId: act.siteId },
      { type: 'staff.created', data: { staffId: id, roles: input.roles } },
    );
    await alertVisitAccessGranted(tx, { ...act, staffId: id, roles: input.roles });
    return { staffId: id, email: input.email, password };
  });
}

/** Replaces someone's roles at this site; they apply from that person's next request. */
export async function setStaffRoles(db: Db, act: AdminAct, params: { staffId: string; roles: StaffRole[] }) {
  return db.transaction(async (tx) => {
    const target = await targetAt(tx, act, params.staffId);
    const removed = target.roles.filter((r) => !(params.roles as string[]).includes(r));
    const added = params.roles.filter((r) => !target.roles.includes(r));
    refuseSelfGrant({ byStaffId: act.byStaffId, staffId: params.staffId, added });
    if (params.staffId === act.byStaffId && removed.includes('admin')) {
      const adminElsewhere = (await listAdminSitesOf(tx, { staffId: act.byStaffId })).some((s) => s !== act.siteId);
      if (!adminElsewhere) {
        throw new DomainError('BAD_REQUEST', {
          field: 'roles',
          key: 'roles.lastAdmin',
          message:
            'You cannot remove your own admin role: it is your last one, and without it you could not manage staff. Give another person the admin role and ask them.',
        });
      }
    }
    if (added.length === 0 && removed.length === 0) return { changed: false };
    await revokeRoles(tx, { staffId: params.staffId, siteId: act.siteId, roles: removed });
    await grantRoles(tx, { staffId: params.staffId, siteId: act.siteId, roles: added });
    await writeAudit(
      tx,
      { type: 'staff', id: act.byStaffId },
      { organisationId: act.organisationId, siteId: act.siteId },
      { type: 'staff.roles_changed', data: { staffId: params.staffId, added, removed: rolesOf(removed) } },
    );
    await alertVisitAccessGranted(tx, { ...act, staffId: params.staffId, roles: added });
    return { changed: true };
  });
}

/** A deactivated account works again; any session it had before is ended, so they sign in afresh. */
export async function reactivateStaff(db: Db, act: AdminAct, params: { staffId: string }) {
  return db.transaction(async (tx) => {
    const target = await targetAt(tx, act, params.staffId);
    if (target.active) throw new DomainError('CONFLICT', 'That account is already active.');
    await setStaffActive(tx, { staffId: params.staffId, active: true });
    await deleteSessionsOfStaff(tx, { staffId: params.staffId });
    await writeAudit(
      tx,
      { type: 'staff', id: act.byStaffId },
      { organisationId: act.organisationId, siteId: act.siteId },
      { type: 'staff.reactivated', data: { staffId: params.staffId } },
    );
  });
}

/**
 * For a lost phone: removes someone's two-factor enrolment and ends their sessions. They sign in with their
 * password alone next time and, where the organisation requires it, must enrol again before anything else.
 */
export async function resetTwoFactor(db: Db, act: AdminAct, params: { staffId: string }) {
  if (params.staffId === act.byStaffId) {
    throw new DomainError('BAD_REQUEST', {
      field: 'staffId',
      key: 'staffId.self',
      message: 'You cannot reset your own two-factor sign-in. Ask another admin.',
    });
  }
  return db.transaction(async (tx) => {
    await targetAt(tx, act, params.staffId);
    if (!(await removeTwoFactorEnrolment(tx, { staffId: params.staffId }))) {
      throw new DomainError('CONFLICT', 'They have not set up two-factor sign-in, so there is nothing to reset.');
    }
    await deleteSessionsOfStaff(tx, { staffId: params.staffId });
    await writeAudit(
      tx,
      { type: 'staff', id: act.byStaffId },
      { organisationId: act.organisationId, siteId: act.siteId },
      { type: 'staff.two_factor_reset', data: { staffId: params.staffId } },
    );
  });
}

/**
 * Turns the organisation's two-factor requirement for admins and coordinators on or off. The admin turning it on
 * must have enrolled first, so they know what their colleagues will be asked to do.
 */
export async function setRequireTwoFactor(
  db: Db,
  act: AdminAct & { byStaffEnrolled: boolean },
  params: { required: boolean },
) {
  if (params.required && !act.byStaffEnrolled) {
    throw new DomainError('BAD_REQUEST', {
      field: 'required',
      key: 'required.enrolFirst',
      message: 'Set up two-factor sign-in for yourself first (in My account), then turn this on.',
    });
  }
  return db.transaction(async (tx) => {
    const security = await getOrganisationSecurity(tx, { organisationId: act.organisationId });
    if (security?.requireTwoFactor === params.required) return { changed: false };
    await setOrganisationRequiresTwoFactor(tx, { organisationId: act.organisationId, required: params.required });
    await writeAudit(
      tx,
      { type: 'staff', id: act.byStaffId },
      { organisationId: act.organisationId, siteId: act.siteId },
      { type: 'organisation.two_factor_requirement_set', data: { required: params.required } },
    );
    return { changed: true };
  });
}
