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
});
