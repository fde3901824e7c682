import { type Db, findStaffByEmail, getSite, grantRoles, listRolesAtSite } from '@threshold/db';
import { type StaffRole, staffRole } from '@threshold/validators';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';
import { alertVisitAccessGranted } from './visit-access.ts';

/**
 * A role given by whoever holds the server (the ops CLI's `grant-role`): the way a new installation's first person
 * gets coordinator access, since nobody may give it to themselves in the admin app. Recorded as the system, and
 * coordinators are alerted exactly as when an admin grants it.
 */
export async function grantRoleFromServer(
  db: Db,
  params: { email: string; siteId: string; role: string; now?: Date },
): Promise<{ staffId: string; siteName: string; role: StaffRole; changed: boolean }> {
  const role = staffRole.safeParse(params.role);
  if (!role.success) {
    throw new DomainError('BAD_REQUEST', {
      field: 'role',
      key: 'role.unknown',
      message: 'Give one of admin, coordinator, reception, escort',
    });
  }
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const site = await getSite(tx, { siteId: params.siteId });
    if (!site) throw new DomainError('NOT_FOUND', `There is no site ${params.siteId}.`);
    const member = await findStaffByEmail(tx, { email: params.email.trim() });
    if (!member || member.organisationId !== site.organisationId) {
      throw new DomainError('NOT_FOUND', `No account with that email belongs to the organisation of ${site.name}.`);
    }
    const result = { staffId: member.id, siteName: site.name, role: role.data };
    if ((await listRolesAtSite(tx, { siteId: site.id, staffId: member.id })).includes(role.data)) {
      return { ...result, changed: false };
    }
    const scope = { organisationId: site.organisationId, siteId: site.id };
    await grantRoles(tx, { staffId: member.id, siteId: site.id, roles: [role.data] });
    await writeAudit(tx, { type: 'system', id: null }, scope, {
      type: 'staff.roles_changed',
      data: { staffId: member.id, added: [role.data], removed: [] },
    });
    await alertVisitAccessGranted(tx, { ...scope, staffId: member.id, byStaffId: null, roles: [role.data], now });
    return { ...result, changed: true };
  });
}
