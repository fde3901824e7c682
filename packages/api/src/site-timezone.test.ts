import { randomUUID } from 'node:crypto';
import { createTestOrganisation } from '@threshold/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createAdminAccount } from './domain/accounts.ts';
import { createHarness } from './test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

describe('a new site’s time zone', () => {
  it('is asked by create-admin: without one the new site is refused, naming the timezone field', async () => {
    const organisationName = `No zone ${randomUUID()}`;
    const refused = createAdminAccount(h.db, {
      email: `nozone-${randomUUID()}@example.org`,
      name: 'First Admin',
      organisationName,
      siteName: 'Harbour House',
    });
    await expect(refused).rejects.toMatchObject({
      name: 'DomainError',
      fieldError: { path: 'timezone', key: 'timezone.missing' },
    });
    const created = await h.handle.sql`select 1 from organisation where name = ${organisationName}`;
    expect(created).toHaveLength(0);
  });

  it('has no database default: a site inserted without one is refused by PostgreSQL on the timezone column', async () => {
    const { organisation } = await createTestOrganisation(h.db, 'Zone default org');
    const insert = h.handle.sql`insert into site (organisation_id, name) values (${organisation.id}, 'Annexe')`;
    await expect(insert).rejects.toMatchObject({ code: '23502', column_name: 'timezone' });
  });
});
