import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { site } from '../schema/organisation.ts';
import { staff, staffRole } from '../schema/staff.ts';

/** The staff member with their roles per site, or null when unknown or deactivated. */
export async function getActiveStaffWithRoles(db: DbOrTx, params: { staffId: string }) {
  const [member] = await db
    .select({
      id: staff.id,
      name: staff.name,
      email: staff.email,
      organisationId: staff.organisationId,
      active: staff.active,
    })
    .from(staff)
    .where(eq(staff.id, params.staffId));
  if (!member?.active) return null;
  const roles = await db
    .select({ siteId: staffRole.siteId, siteName: site.name, siteTimezone: site.timezone, role: staffRole.role })
    .from(staffRole)
    .innerJoin(site, eq(site.id, staffRole.siteId))
    .where(eq(staffRole.staffId, params.staffId));
  return { ...member, roles };
}
