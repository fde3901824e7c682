import { createAdminAccount, createPairingCode, exportVisitsCsv, grantRoleFromServer } from '@threshold/api';
import { type Db, listOrganisations, verifyAuditChain } from '@threshold/db';
import { exportReason, exportReasons, exportStartInput } from '@threshold/validators';
import { formatAuditHead, parseAuditHead } from '../audit-head.ts';
import { chosenSite } from './sites.ts';

export type Flags = Record<string, string>;

function required(flags: Flags, name: string): string {
  const value = flags[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

export class UsageError extends Error {}

/**
 * `create-admin --email E --name N (--site ID | --organisation O --site-name S --time-zone Z [--another-organisation])`:
 * prints the password once. A new organisation requires two-factor sign-in for admins and coordinators.
 */
export async function createAdmin(db: Db, flags: Flags): Promise<string> {
  const created = await createAdminAccount(db, {
    email: required(flags, 'email'),
    name: required(flags, 'name'),
    siteId: flags.site,
    organisationName: flags.organisation,
    siteName: flags['site-name'],
    timezone: flags['time-zone'],
    anotherOrganisation: flags['another-organisation'] !== undefined,
  });
  return [
    `Created admin ${created.email} at site ${created.siteId}.`,
    `Password (shown once; the first sign-in asks for a new one): ${created.password}`,
  ].join('\n');
}

/**
 * `grant-role --email E --site ID --role R`: the way to give someone — yourself included — a role that reads visits,
 * which the admin app refuses for oneself. The site's desk and the organisation's coordinators are alerted.
 */
export async function grantRole(db: Db, flags: Flags): Promise<string> {
  const site = await chosenSite(db, required(flags, 'site'));
  const granted = await grantRoleFromServer(db, {
    email: required(flags, 'email'),
    siteId: site.id,
    role: required(flags, 'role'),
  });
  return granted.changed
    ? `${flags.email} is now ${granted.role} at ${granted.siteName}. This is recorded, and coordinators are told.`
    : `${flags.email} was already ${granted.role} at ${granted.siteName}; nothing changed.`;
}

/** `pair-kiosk [--site ID]`: a one-time 6-digit code, valid for 10 minutes; --site may be left out with one site. */
export async function pairKiosk(db: Db, flags: Flags): Promise<string> {
  const site = await chosenSite(db, flags.site);
  const { code, expiresAt } = await createPairingCode(db, {
    siteId: site.id,
    organisationId: site.organisationId,
    createdByStaffId: null,
    now: new Date(),
  });
  return `Pairing code for ${site.name}: ${code} (one use, until ${expiresAt.toISOString()})`;
}

/**
 * `export visits --from YYYY-MM-DD --to YYYY-MM-DD --reason R [--site ID]`: CSV on stdout, the admin's export (same
 * columns, the site's time zone, the same audit row with `via: 'cli'`). One site per export, as in the admin: each
 * site has its own time zone. Without --site, the database must hold just one site.
 */
export async function exportVisits(db: Db, flags: Flags): Promise<string> {
  const from = day(required(flags, 'from'), 'from');
  const to = day(required(flags, 'to'), 'to');
  const reason = exportReason.safeParse(required(flags, 'reason'));
  if (!reason.success) throw new UsageError(`--reason must be one of ${exportReasons.join(', ')}`);
  const site = await chosenSite(db, flags.site);
  const input = exportStartInput.safeParse({ siteId: site.id, from, to, reason: reason.data });
  if (!input.success) {
    const [issue] = input.error.issues;
    throw new UsageError(`--${String(issue?.path[0] ?? 'site')}: ${issue?.message ?? 'not valid'}`);
  }
  const { csv } = await exportVisitsCsv(db, { siteId: site.id, from, to, reason: input.data.reason });
  return csv.trimEnd();
}

/**
 * `audit verify [--head ORG:SEQ:HASH]`: checks every organisation's hash chain — and that one against a head the
 * server logged earlier. Exit 0 when all are intact (with how many rows await sealing and the head to keep), 1
 * naming the first broken row (or the rows missing from the end) otherwise.
 */
export async function auditVerify(db: Db, flags: Flags): Promise<{ output: string; ok: boolean }> {
  const expected = flags.head === undefined ? null : parseAuditHead(flags.head);
  if (flags.head !== undefined && !expected) {
    throw new UsageError('--head must be a chain head as the server logs it: ORGANISATION_ID:SEQ:HASH');
  }
  const organisations = await listOrganisations(db);
  if (expected && !organisations.some((o) => o.id === expected.organisationId)) {
    throw new UsageError(`--head names organisation ${expected.organisationId}, which this database does not hold`);
  }
  const lines: string[] = [];
  let ok = true;
  for (const org of organisations) {
    const anchor = expected?.organisationId === org.id ? expected.anchor : undefined;
    const report = await verifyAuditChain(db, { organisationId: org.id, anchor });
    if (report.intact) {
      lines.push(
        `${org.name}: intact (${report.sealed} rows sealed, ${report.awaitingSeal} awaiting sealing${anchor ? `, reaches the given head ${anchor.seq}` : ''})`,
        ...(report.head ? [`  head: ${formatAuditHead(org.id, report.head)}`] : []),
      );
    } else {
      ok = false;
      const where = report.firstBrokenId === null ? 'its end' : `audit row ${report.firstBrokenId}`;
      lines.push(`${org.name}: BROKEN at ${where}: ${report.reason}`);
    }
  }
  return { output: lines.join('\n'), ok };
}

function day(value: string, name: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(`--${name} must be a date like 2026-11-01`);
  }
  return value;
}
