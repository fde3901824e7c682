import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from './client.ts';
import { insertAuditEvent } from './queries/audit.ts';
import { createTestOrganisation } from './testing/fixtures.ts';

const app = createDb(inject('databaseUrl'), { max: 2 });
afterAll(() => app.close());

describe('the application role', () => {
  it('owns no table, so it cannot alter schema or disable triggers', async () => {
    const rows = await app.db.execute<{ tablename: string }>(
      sql`select tablename from pg_tables where schemaname = 'public' and tableowner = current_user`,
    );
    expect(rows.map((r) => r.tablename)).toEqual([]);
    await expect(app.db.execute(sql`alter table visit add column sneaky text`)).rejects.toMatchObject({
      cause: { code: '42501' },
    });
  });

  it('can append to the audit trail but not rewrite or delete it', async () => {
    const { organisation } = await createTestOrganisation(app.db);
    await insertAuditEvent(app.db, {
      organisationId: organisation.id,
      siteId: null,
      actorType: 'system',
      actorId: null,
      type: 'test.event',
      visitId: null,
      data: {},
    });
    await expect(
      app.db.execute(sql`update audit_event set type = 'x' where organisation_id = ${organisation.id}`),
    ).rejects.toMatchObject({ cause: { code: '42501' } });
    await expect(
      app.db.execute(sql`delete from audit_event where organisation_id = ${organisation.id}`),
    ).rejects.toMatchObject({ cause: { code: '42501' } });
    await expect(app.db.execute(sql`truncate audit_event`)).rejects.toMatchObject({ cause: { code: '42501' } });
    const [row] = await app.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_event where organisation_id = ${organisation.id}`,
    );
    expect(row?.n).toBe(1);
  });

  it('cannot read or write stored secrets (the old home of the auth secret)', async () => {
    await expect(app.db.execute(sql`select value from instance_secret`)).rejects.toMatchObject({
      cause: { code: '42501' },
    });
    await expect(
      app.db.execute(sql`insert into instance_secret (name, value) values ('auth', 'chosen-by-an-attacker')`),
    ).rejects.toMatchObject({ cause: { code: '42501' } });
  });

  it('cannot change or remove signed records (see record-immutability.test.ts for the trigger)', async () => {
    const rows = await app.db.execute<{ table_name: string; privilege_type: string }>(
      sql`select table_name, privilege_type from information_schema.role_table_grants
           where grantee = current_user and table_name in ('visit_signature', 'visit_acknowledgement')
           order by table_name, privilege_type`,
    );
    expect(rows.map((r) => `${r.table_name}:${r.privilege_type}`)).toEqual([
      'visit_acknowledgement:INSERT',
      'visit_acknowledgement:SELECT',
      'visit_signature:INSERT',
      'visit_signature:SELECT',
    ]);
  });
});
