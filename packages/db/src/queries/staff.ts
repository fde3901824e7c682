import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { organisation, site } from '../schema/organisation.ts';
import { staff, staffRole } from '../schema/staff.ts';

/**
 * The staff member with their roles per site, whether they have enrolled in two-factor sign-in and whether their
 * organisation requires it; null when unknown or deactivated.
 */
export async function getActiveStaffWithRoles(db: DbOrTx, params: { staffId: string }) {
  const [member] = await db
    .select({
      id: staff.id,
      name: staff.name,
      email: staff.email,
      organisationId: staff.organisationId,
      active: staff.active,
      twoFactorEnabled: staff.twoFactorEnabled,
      passwordChangeRequired: staff.passwordChangeRequired,
      organisationRequiresTwoFactor: organisation.requireTwoFactor,
    })
    .from(staff)
    .innerJoin(organisation, eq(organisation.id, staff.organisationId))
    .where(eq(staff.id, params.staffId));
  if (!member?.active) return null;
  const roles = await db
    .select({ siteId: staffRole.siteId, siteName: site.name, siteTimezone: site.timezone, role: staffRole.role })
    .from(staffRole)
    .innerJoin(site, eq(site.id, staffRole.siteId))
    .where(eq(staffRole.staffId, params.staffId));
  return { ...member, roles };
}

/** Email addresses of active staff holding one of `roles` at a site (for alert emails). */
export async function listSiteStaffEmails(db: DbOrTx, params: { siteId: string; roles: string[] }) {
  const rows = await db
    .selectDistinct({ email: staff.email })
    .from(staff)
    .innerJoin(staffRole, eq(staffRole.staffId, staff.id))
    .where(and(eq(staffRole.siteId, params.siteId), eq(staff.active, true), inArray(staffRole.role, params.roles)));
  return rows.map((r) => r.email);
}

/** The member of staff has replaced a password someone else saw. */
export async function clearPasswordChangeRequired(db: DbOrTx, params: { staffId: string }) {
  await db.update(staff).set({ passwordChangeRequired: false }).where(eq(staff.id, params.staffId));
}
