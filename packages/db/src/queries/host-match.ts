import { and, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { escortAssignment } from '../schema/escort.ts';
import { staff, staffRole } from '../schema/staff.ts';
import { visit } from '../schema/visit.ts';

/** How a typed host name and a member of staff's name are compared: case and spacing ignored. */
export function normaliseHostName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The kiosk visits among `visitIds` with a typed host, locked for this transaction (in id order, so two drains
 * cannot deadlock), with their state and the escort of their open assignment, if any. Gone visits are left out.
 */
export async function lockVisitsForHostMatch(db: DbOrTx, params: { visitIds: string[] }) {
  if (params.visitIds.length === 0) return [];
  const rows = await db
    .select({
      id: visit.id,
      organisationId: visit.organisationId,
      siteId: visit.siteId,
      kioskDeviceId: visit.kioskDeviceId,
      hostName: visit.hostName,
      hostStaffId: visit.hostStaffId,
      state: visit.state,
      assignedStaffId: escortAssignment.staffId,
    })
    .from(visit)
    .leftJoin(escortAssignment, and(eq(escortAssignment.visitId, visit.id), isNull(escortAssignment.endedAt)))
    .where(and(inArray(visit.id, params.visitIds), isNotNull(visit.hostName), isNotNull(visit.kioskDeviceId)))
    .orderBy(visit.id)
    .for('update', { of: visit });
  return rows.flatMap(({ kioskDeviceId, hostName, ...row }) =>
    kioskDeviceId && hostName ? [{ ...row, kioskDeviceId, hostName }] : [],
  );
}

/**
 * For each (site, typed name), the one active member of staff at that site with that name (compared as
 * normaliseHostName does), in one statement. A name two people share at a site matches nobody: no guess. Keys are
 * `hostNameKey(siteId, name)` with the name as typed.
 */
export async function findActiveStaffAtSitesByName(
  db: DbOrTx,
  params: { wanted: { siteId: string; name: string }[] },
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (params.wanted.length === 0) return found;
  const staffName: SQL<string> = sql`lower(regexp_replace(trim(${staff.name}), '[[:space:]]+', ' ', 'g'))`;
  const pairs = params.wanted.map((w) => sql`(${w.siteId}::uuid, ${normaliseHostName(w.name)}::text)`);
  const rows = await db
    .selectDistinct({ siteId: staffRole.siteId, name: staffName, id: staff.id })
    .from(staff)
    .innerJoin(staffRole, eq(staffRole.staffId, staff.id))
    .where(and(eq(staff.active, true), sql`(${staffRole.siteId}, ${staffName}) in (${sql.join(pairs, sql`, `)})`));
  const byKey = new Map<string, string[]>();
  for (const row of rows) {
    const key = hostNameKey(row.siteId, row.name);
    byKey.set(key, [...(byKey.get(key) ?? []), row.id]);
  }
  for (const [key, ids] of byKey) if (ids.length === 1 && ids[0]) found.set(key, ids[0]);
  return found;
}

export function hostNameKey(siteId: string, name: string): string {
  return `${siteId}\u0000${normaliseHostName(name)}`;
}

/** Records the member of staff each typed host name matched, in one statement, where none is recorded yet. */
export async function setVisitHostStaffMany(db: DbOrTx, params: { matches: { visitId: string; staffId: string }[] }) {
  if (params.matches.length === 0) return;
  const values = params.matches.map((m) => sql`(${m.visitId}::uuid, ${m.staffId}::text)`);
  await db.execute(sql`update ${visit} set host_staff_id = m.staff_id
    from (values ${sql.join(values, sql`, `)}) as m(visit_id, staff_id)
    where ${visit.id} = m.visit_id and ${visit.hostStaffId} is null`);
}
