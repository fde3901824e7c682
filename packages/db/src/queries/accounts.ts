import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { authAccount } from '../schema/auth.ts';
import { organisation, site } from '../schema/organisation.ts';
import { staff, staffRole } from '../schema/staff.ts';

export async function insertOrganisation(db: DbOrTx, params: { name: string }) {
  const [row] = await db.insert(organisation).values(params).returning({ id: organisation.id });
  if (!row) throw new Error('organisation insert returned nothing');
  return row;
}

export async function insertSite(db: DbOrTx, params: { organisationId: string; name: string; timezone?: string }) {
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
  params: { organisationId: string; name: string; email: string; passwordHash: string },
) {
  const id = randomUUID();
  await db.insert(staff).values({ id, organisationId: params.organisationId, name: params.name, email: params.email });
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
