import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { preparedQuery } from '../prepared-query.ts';
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

/**
 * The active member of staff at this site whose name matches what a visitor typed (case and spacing ignored),
 * or null. Used only server-side: the kiosk never learns whether a name matched.
 */
export async function findActiveStaffAtSiteByName(db: DbOrTx, params: { siteId: string; name: string }) {
  const normalised = params.name.trim().replace(/\s+/g, ' ').toLowerCase();
  const rows = await activeStaffAtSiteNamed(db, { siteId: params.siteId, name: normalised });
  // Two people with the same name: no match rather than a guess.
  return rows.length === 1 ? (rows[0]?.id ?? null) : null;
}

// Built once: host matching runs it after every kiosk sign-in.
const activeStaffAtSiteNamed = preparedQuery((db) =>
  db
    .selectDistinct({ id: staff.id })
    .from(staff)
    .innerJoin(staffRole, eq(staffRole.staffId, staff.id))
    .where(
      and(
        eq(staffRole.siteId, sql.placeholder('siteId')),
        eq(staff.active, true),
        sql`lower(regexp_replace(trim(${staff.name}), '[[:space:]]+', ' ', 'g')) = ${sql.placeholder('name')}`,
      ),
    )
    .limit(2)
    .prepare('find_active_staff_at_site_by_name'),
);

/** The member of staff has replaced a password someone else saw. */
export async function clearPasswordChangeRequired(db: DbOrTx, params: { staffId: string }) {
  await db.update(staff).set({ passwordChangeRequired: false }).where(eq(staff.id, params.staffId));
}
