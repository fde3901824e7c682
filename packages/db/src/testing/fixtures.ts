import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '../client.ts';
import { organisation, site } from '../schema/organisation.ts';
import { staff, staffRole } from '../schema/staff.ts';

/** A fresh organisation with one site, so tests sharing a database never see each other's rows. */
export async function createTestOrganisation(db: DbOrTx, name = 'Test organisation') {
  const [org] = await db.insert(organisation).values({ name }).returning();
  if (!org) throw new Error('organisation insert returned nothing');
  const [firstSite] = await db
    .insert(site)
    .values({ organisationId: org.id, name: `${name} site`, timezone: 'Europe/London' })
    .returning();
  if (!firstSite) throw new Error('site insert returned nothing');
  return { organisation: org, site: firstSite };
}

export async function createTestSite(db: DbOrTx, organisationId: string, name = 'Another site') {
  const [row] = await db.insert(site).values({ organisationId, name, timezone: 'Europe/London' }).returning();
  if (!row) throw new Error('site insert returned nothing');
  return row;
}

/** A member of staff with the given roles at the given site (no password: tests of auth add one). */
export async function createTestStaff(
  db: DbOrTx,
  params: { organisationId: string; siteId: string; roles: string[]; name?: string; active?: boolean },
) {
  const id = randomUUID();
  await db.insert(staff).values({
    id,
    organisationId: params.organisationId,
    name: params.name ?? 'Test Staff',
    email: `${id}@test.threshold.local`,
    active: params.active ?? true,
  });
  if (params.roles.length > 0) {
    await db.insert(staffRole).values(params.roles.map((role) => ({ staffId: id, siteId: params.siteId, role })));
  }
  return { id, email: `${id}@test.threshold.local` };
}
