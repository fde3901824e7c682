import {
  type DbOrTx,
  insertSiteOutboxMessage,
  insertStaffAlert,
  listOrganisationCoordinatorEmails,
} from '@threshold/db';
import { type StaffRole, visitReadingRoles } from '@threshold/validators';
import { publishLive } from '../live/publish.ts';
import { writeAudit } from './audit.ts';
import { DomainError, type FieldProblem } from './errors.ts';

export const VISIT_ACCESS_TEMPLATE = 'visit_access_granted';

export const SELF_GRANT_REFUSED: FieldProblem = {
  field: 'roles',
  key: 'roles.selfGrant',
  message: 'You cannot give yourself access to visit records. Ask another admin, or your coordinator.',
};

/** The roles in `roles` that show visitors' names (see `visitReadingRoles`). */
export function visitReadingRolesIn(roles: readonly string[]): StaffRole[] {
  return visitReadingRoles.filter((r) => roles.includes(r));
}

/**
 * Need-to-know: an admin in the admin app may not give themselves a role that reads visits, or they could read
 * every visit at once with nobody approving. Whoever holds the server can, through the CLI (a new installation's
 * first person needs to).
 */
export function refuseSelfGrant(params: { byStaffId: string; staffId: string; added: readonly string[] }) {
  if (params.byStaffId === params.staffId && visitReadingRolesIn(params.added).length > 0) {
    throw new DomainError('FORBIDDEN', SELF_GRANT_REFUSED);
  }
}

/**
 * Someone was given a role that reads visits: opens an alert on the site's desk (live at once) and emails every
 * coordinator of the organisation but the person given it. Call it in the transaction that grants the role, so the
 * grant, its alert and the emails commit together or not at all. The email payload holds ids only; names are
 * looked up when it is sent.
 */
export async function alertVisitAccessGranted(
  tx: DbOrTx,
  params: {
    organisationId: string;
    siteId: string;
    staffId: string;
    /** Null when granted through the server's command line. */
    byStaffId: string | null;
    roles: readonly string[];
    now: Date;
  },
): Promise<string | null> {
  const roles = visitReadingRolesIn(params.roles);
  if (roles.length === 0) return null;
  const { organisationId, siteId } = params;
  const alertId = await insertStaffAlert(tx, {
    organisationId,
    siteId,
    staffId: params.staffId,
    kind: 'visit_access_granted',
    raisedAt: params.now,
  });
  await writeAudit(
    tx,
    params.byStaffId ? { type: 'staff', id: params.byStaffId } : { type: 'system', id: null },
    { organisationId, siteId },
    { type: 'alert.raised', data: { alertId, kind: 'visit_access_granted' } },
  );
  const payload = {
    siteId,
    staffId: params.staffId,
    byStaffId: params.byStaffId,
    roles,
    at: params.now.toISOString(),
  };
  const coordinators = await listOrganisationCoordinatorEmails(tx, { organisationId, exceptStaffId: params.staffId });
  for (const toAddress of coordinators) {
    await insertSiteOutboxMessage(tx, { organisationId, siteId, template: VISIT_ACCESS_TEMPLATE, toAddress, payload });
  }
  await publishLive(tx, [{ type: 'alert', organisationId, siteId, alertId }]);
  return alertId;
}
