import { and, eq, inArray, ne } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { alert } from '../schema/alert.ts';
import { site } from '../schema/organisation.ts';
import { staff, staffRole } from '../schema/staff.ts';

/**
 * Email addresses of the organisation's active coordinators at any of its sites, leaving out one person (the one
 * just given access, who is not the one to check on it).
 */
export async function listOrganisationCoordinatorEmails(
  db: DbOrTx,
  params: { organisationId: string; exceptStaffId: string },
) {
  const rows = await db
    .selectDistinct({ email: staff.email })
    .from(staff)
    .innerJoin(staffRole, eq(staffRole.staffId, staff.id))
    .innerJoin(site, eq(site.id, staffRole.siteId))
    .where(
      and(
        eq(site.organisationId, params.organisationId),
        eq(staff.organisationId, params.organisationId),
        eq(staff.active, true),
        eq(staffRole.role, 'coordinator'),
        ne(staff.id, params.exceptStaffId),
      ),
    );
  return rows.map((r) => r.email);
}

/** An alert about a member of staff rather than a visit (no visit id): always a new row. */
export async function insertStaffAlert(
  db: DbOrTx,
  params: { organisationId: string; siteId: string; staffId: string; kind: string; raisedAt: Date },
) {
  const [row] = await db.insert(alert).values(params).returning({ id: alert.id });
  if (!row) throw new Error('alert insert returned nothing');
  return row.id;
}

/** Names of members of staff by id (for emails rendered at send time). */
export async function getStaffNames(db: DbOrTx, params: { staffIds: string[] }) {
  if (params.staffIds.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: staff.id, name: staff.name })
    .from(staff)
    .where(inArray(staff.id, params.staffIds));
  return new Map(rows.map((r) => [r.id, r.name]));
}
