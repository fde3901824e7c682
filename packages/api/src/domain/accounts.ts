import { randomBytes } from 'node:crypto';
import {
  type Db,
  type DbOrTx,
  findStaffByEmail,
  getSite,
  grantRoles,
  insertOrganisation,
  insertSite,
  insertStaffWithPassword,
  listOrganisations,
  pgErrorOf,
} from '@threshold/db';
import { isIanaTimeZone } from '@threshold/validators';
import { hashSecret } from '../password.ts';
import { writeAudit } from './audit.ts';
import { publishDefaultDocuments } from './documents.ts';
import { DomainError, type FieldProblem } from './errors.ts';

/**
 * A first password for a new account, shown once to whoever created it: 20 random characters (120 bits), so no
 * admin ever chooses (or reuses) another person's password.
 */
export async function newInitialPassword() {
  const password = randomBytes(15).toString('base64url');
  return { password, passwordHash: await hashSecret(password) };
}

const EMAIL_TAKEN: FieldProblem = {
  field: 'email',
  key: 'email.taken',
  message: 'That email address already has an account.',
};

/**
 * Inserts a member of staff, or refuses with CONFLICT when the email address already has an account:
 * found first, or, when two requests race with one address, refused by the unique index (23505) — not a 500.
 */
export async function insertNewStaff(
  tx: DbOrTx,
  params: {
    organisationId: string;
    name: string;
    email: string;
    passwordHash: string;
    passwordChangeRequired?: boolean;
  },
) {
  if (await findStaffByEmail(tx, { email: params.email })) throw new DomainError('CONFLICT', EMAIL_TAKEN);
  try {
    return await insertStaffWithPassword(tx, params);
  } catch (err) {
    const pg = pgErrorOf(err);
    if (pg?.code === '23505' && pg.constraint_name === 'staff_email_unique')
      throw new DomainError('CONFLICT', EMAIL_TAKEN);
    throw err;
  }
}

export interface NewAdmin {
  email: string;
  name: string;
  /** An existing site; or, for a new installation, the names of the organisation and first site to create. */
  siteId?: string;
  organisationName?: string;
  siteName?: string;
  /** The new site's IANA time zone: asked, never assumed (visit times and closing time are read on it). */
  timezone?: string;
  /** A new organisation beside an existing one must be asked for explicitly: a second `create-admin` is a slip. */
  anotherOrganisation?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Creates an admin account (the ops CLI's `create-admin`), with a generated password shown once. On an empty
 * installation it also creates the organisation and its first site, with the default forms published.
 */
export async function createAdminAccount(db: Db, params: NewAdmin, now: Date = new Date()) {
  const email = params.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new DomainError('BAD_REQUEST', {
      field: 'email',
      key: 'email.invalid',
      message: 'Give a valid email address',
    });
  if (!params.name.trim())
    throw new DomainError('BAD_REQUEST', { field: 'name', key: 'name.missing', message: 'Give the admin’s name' });
  const { password, passwordHash } = await newInitialPassword();
  return db.transaction(async (tx) => {
    // Said first: for an existing address, which site flags were given does not matter.
    // The address is not repeated back: the CLI's error output may be kept in a log.
    if (await findStaffByEmail(tx, { email })) throw new DomainError('CONFLICT', EMAIL_TAKEN);
    let site: { id: string; organisationId: string };
    if (params.siteId) {
      // Checked first: PostgreSQL would refuse a malformed id with an error that says nothing useful.
      const existing = UUID.test(params.siteId) ? await getSite(tx, { siteId: params.siteId }) : null;
      if (!existing) throw new DomainError('NOT_FOUND', `There is no site with id ${params.siteId}.`);
      site = existing;
    } else {
      if (!params.organisationName?.trim() || !params.siteName?.trim()) {
        throw new DomainError('BAD_REQUEST', {
          field: 'site',
          key: 'site.missing',
          message: 'Give --site <id>, or --organisation and --site-name for a new one',
        });
      }
      const timezone = params.timezone?.trim() ?? '';
      if (!isIanaTimeZone(timezone)) {
        throw new DomainError('BAD_REQUEST', {
          field: 'timezone',
          key: 'timezone.missing',
          message: 'Give the new site’s time zone with --time-zone, such as Europe/London or America/New_York',
        });
      }
      const existing = await listOrganisations(tx);
      if (existing.length > 0 && !params.anotherOrganisation) {
        throw new DomainError('CONFLICT', {
          field: 'organisation',
          key: 'organisation.exists',
          message:
            `This installation already has an organisation (${existing.map((o) => o.name).join(', ')}). To add an ` +
            'admin there, give --site SITE_ID (`sites list` shows them); to create another organisation, add ' +
            '--another-organisation.',
        });
      }
      // A new organisation starts safe: admins and coordinators sign in with a second factor unless it is turned off.
      const organisation = await insertOrganisation(tx, {
        name: params.organisationName.trim(),
        requireTwoFactor: true,
      });
      site = await insertSite(tx, { organisationId: organisation.id, name: params.siteName.trim(), timezone });
      await publishDefaultDocuments(tx, { organisationId: organisation.id, siteId: site.id, now });
    }
    const { id } = await insertNewStaff(tx, {
      organisationId: site.organisationId,
      name: params.name.trim(),
      email,
      passwordHash,
      // The CLI printed it (and it may sit in a terminal's scrollback): replaced at the first sign-in.
      passwordChangeRequired: true,
    });
    await grantRoles(tx, { staffId: id, siteId: site.id, roles: ['admin'] });
    await writeAudit(
      tx,
      { type: 'system', id: null },
      { organisationId: site.organisationId, siteId: site.id },
      { type: 'staff.created', data: { staffId: id, roles: ['admin'] } },
    );
    return { staffId: id, siteId: site.id, organisationId: site.organisationId, email, password };
  });
}
