import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { authAccount, authSession, authTwoFactor } from '../schema/auth.ts';
import { organisation, site } from '../schema/organisation.ts';
import { staff, staffRole } from '../schema/staff.ts';

export async function insertOrganisation(db: DbOrTx, params: { name: string; requireTwoFactor?: boolean }) {
  const [row] = await db.insert(organisation).values(params).returning({ id: organisation.id });
  if (!row) throw new Error('organisation insert returned nothing');
  return row;
}

export async function insertSite(db: DbOrTx, params: { organisationId: string; name: string; timezone: string }) {
  const [row] = await db.insert(site).values(params).returning({ id: site.id, organisationId: site.organisationId });
  if (!row) throw new Error('site insert returned nothing');
  return row;
}

export async function findStaffByEmail(db: DbOrTx, params: { email: string }) {
  const [row] = await db
    .select({ id: staff.id, organisationId: staff.organisationId })
    .from(staff)
    .where(eq(staff.email, params.email.toLowerCase()));
  return row ?? null;
}

/** A member of staff with an email + password sign-in (the credential row better-auth reads). */
export async function insertStaffWithPassword(
  db: DbOrTx,
  params: {
    organisationId: string;
    name: string;
    email: string;
    passwordHash: string;
    passwordChangeRequired?: boolean;
  },
) {
  const id = randomUUID();
  await db.insert(staff).values({
    id,
    organisationId: params.organisationId,
    name: params.name,
    email: params.email,
    passwordChangeRequired: params.passwordChangeRequired ?? false,
  });
  await db
    .insert(authAccount)
    .values({ id: randomUUID(), accountId: id, providerId: 'credential', userId: id, password: params.passwordHash });
  return { id };
}

export async function grantRoles(db: DbOrTx, params: { staffId: string; siteId: string; roles: string[] }) {
  if (params.roles.length === 0) return;
  await db
    .insert(staffRole)
    .values(params.roles.map((role) => ({ staffId: params.staffId, siteId: params.siteId, role })))
    .onConflictDoNothing();
}

export async function listOrganisations(db: DbOrTx) {
  return db.select({ id: organisation.id, name: organisation.name }).from(organisation).orderBy(organisation.name);
}

/** Everyone holding a role at the site, active or not, with their roles there (for the admin's Staff page). */
export async function listStaffAtSite(db: DbOrTx, params: { siteId: string }) {
  return db
    .select({
      id: staff.id,
      name: staff.name,
      email: staff.email,
      active: staff.active,
      twoFactorEnabled: staff.twoFactorEnabled,
      roles: sql<string[]>`array_agg(${staffRole.role} order by ${staffRole.role})`,
    })
    .from(staff)
    .innerJoin(staffRole, and(eq(staffRole.staffId, staff.id), eq(staffRole.siteId, params.siteId)))
    .groupBy(staff.id)
    .orderBy(staff.name, staff.id);
}

/**
 * A member of staff who holds a role at the site, locked for the rest of the transaction so two admins cannot
 * change the same account at once; null when they hold no role there.
 */
export async function lockStaffAtSite(db: DbOrTx, params: { siteId: string; staffId: string }) {
  const [member] = await db
    .select({ id: staff.id, organisationId: staff.organisationId, active: staff.active })
    .from(staff)
    .where(eq(staff.id, params.staffId))
    .for('update');
  if (!member) return null;
  const roles = await listRolesAtSite(db, params);
  return roles.length > 0 ? { ...member, roles } : null;
}

export async function listRolesAtSite(db: DbOrTx, params: { siteId: string; staffId: string }) {
  const rows = await db
    .select({ role: staffRole.role })
    .from(staffRole)
    .where(and(eq(staffRole.staffId, params.staffId), eq(staffRole.siteId, params.siteId)));
  return rows.map((r) => r.role);
}

/** The sites where a member of staff is an admin. */
export async function listAdminSitesOf(db: DbOrTx, params: { staffId: string }) {
  const rows = await db
    .select({ siteId: staffRole.siteId })
    .from(staffRole)
    .where(and(eq(staffRole.staffId, params.staffId), eq(staffRole.role, 'admin')));
  return rows.map((r) => r.siteId);
}

export async function revokeRoles(db: DbOrTx, params: { staffId: string; siteId: string; roles: string[] }) {
  if (params.roles.length === 0) return;
  await db
    .delete(staffRole)
    .where(
      and(
        eq(staffRole.staffId, params.staffId),
        eq(staffRole.siteId, params.siteId),
        inArray(staffRole.role, params.roles),
      ),
    );
}

/** Ends every session of a member of staff: their next request is refused and they must sign in again. */
export async function deleteSessionsOfStaff(db: DbOrTx, params: { staffId: string }) {
  await db.delete(authSession).where(eq(authSession.userId, params.staffId));
}

/**
 * An enrolment in two-factor sign-in, as better-auth's plugin stores it: the TOTP secret and backup codes already
 * encrypted with the auth secret, verified, and the flag on the staff row that makes sign-in ask for a code.
 */
export async function insertTwoFactorEnrolment(
  db: DbOrTx,
  params: { staffId: string; encryptedSecret: string; encryptedBackupCodes: string },
) {
  await db.insert(authTwoFactor).values({
    id: randomUUID(),
    userId: params.staffId,
    secret: params.encryptedSecret,
    backupCodes: params.encryptedBackupCodes,
    verified: true,
  });
  await db.update(staff).set({ twoFactorEnabled: true, updatedAt: new Date() }).where(eq(staff.id, params.staffId));
}

/** Removes a member of staff's two-factor enrolment (a lost phone); returns whether they had one. */
export async function removeTwoFactorEnrolment(db: DbOrTx, params: { staffId: string }) {
  const removed = await db
    .delete(authTwoFactor)
    .where(eq(authTwoFactor.userId, params.staffId))
    .returning({ id: authTwoFactor.id });
  const [flagged] = await db
    .update(staff)
    .set({ twoFactorEnabled: false, updatedAt: new Date() })
    .where(and(eq(staff.id, params.staffId), eq(staff.twoFactorEnabled, true)))
    .returning({ id: staff.id });
  return removed.length > 0 || flagged !== undefined;
}

export async function getOrganisationSecurity(db: DbOrTx, params: { organisationId: string }) {
  const [row] = await db
    .select({ requireTwoFactor: organisation.requireTwoFactor })
    .from(organisation)
    .where(eq(organisation.id, params.organisationId));
  return row ?? null;
}

export async function setOrganisationRequiresTwoFactor(
  db: DbOrTx,
  params: { organisationId: string; required: boolean },
) {
  await db
    .update(organisation)
    .set({ requireTwoFactor: params.required })
    .where(eq(organisation.id, params.organisationId));
}
