import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../client.ts';
import { insertAuditEvent } from '../queries/audit.ts';
import { sealAuditChain } from '../queries/audit-chain.ts';
import { createTestOrganisation } from '../testing/fixtures.ts';

const app = createDb(inject('databaseUrl'), { max: 2 });
const owner = createDb(inject('ownerDatabaseUrl'), { max: 2 });
afterAll(() => Promise.all([app.close(), owner.close()]));

const refusedByPrivilege = { cause: { code: '42501' } };
const refusedByTrigger = { cause: { code: '42501', message: expect.stringContaining('append-only') } };

async function orgWithEvents(n: number, seal: boolean) {
  const { organisation } = await createTestOrganisation(app.db);
  for (let i = 0; i < n; i++) {
    await insertAuditEvent(app.db, {
      organisationId: organisation.id,
      siteId: null,
      actorType: 'system',
      actorId: null,
      type: 'test.event',
      visitId: null,
      data: { i },
    });
  }
  if (seal) await sealAuditChain(app.db, { organisationId: organisation.id, graceMs: 0 });
  return organisation.id;
}

/** Runs a statement inside a transaction that is always rolled back, so a failed refusal cannot hurt other tests. */
async function attempt(db: Db, statement: ReturnType<typeof sql>) {
  const rollback = new Error('rollback');
  const outcome = await db
    .transaction(async (tx) => {
      await tx.execute(statement);
      throw rollback;
    })
    .catch((err: unknown) => err);
  if (outcome === rollback) return 'succeeded';
  throw outcome;
}

describe('audit_event is append-only', () => {
  it('the application role cannot change, delete, truncate or unguard it', async () => {
    const org = await orgWithEvents(1, true);
    await expect(
      attempt(app.db, sql`update audit_event set data = '{}' where organisation_id = ${org}`),
    ).rejects.toMatchObject(refusedByPrivilege);
    await expect(attempt(app.db, sql`delete from audit_event where organisation_id = ${org}`)).rejects.toMatchObject(
      refusedByPrivilege,
    );
    await expect(attempt(app.db, sql`truncate audit_event`)).rejects.toMatchObject(refusedByPrivilege);
    await expect(attempt(app.db, sql`alter table audit_event disable trigger all`)).rejects.toMatchObject(
      refusedByPrivilege,
    );
    await expect(attempt(app.db, sql`alter table audit_event disable trigger user`)).rejects.toMatchObject(
      refusedByPrivilege,
    );
  });

  it('the application role may set the chain columns once (sealing), never re-seal', async () => {
    const unsealed = await orgWithEvents(1, false);
    await expect(
      attempt(app.db, sql`update audit_event set seq = 1, hash = 'x' where organisation_id = ${unsealed}`),
    ).resolves.toBe('succeeded');
    const sealed = await orgWithEvents(1, true);
    await expect(
      attempt(app.db, sql`update audit_event set hash = 'forged' where organisation_id = ${sealed}`),
    ).rejects.toMatchObject(refusedByTrigger);
  });

  it('refuses even the owner while the trigger is on', async () => {
    const sealed = await orgWithEvents(1, true);
    const unsealed = await orgWithEvents(1, false);
    await expect(
      attempt(owner.db, sql`update audit_event set data = '{"i":9}' where organisation_id = ${sealed}`),
    ).rejects.toMatchObject(refusedByTrigger);
    await expect(
      attempt(owner.db, sql`delete from audit_event where organisation_id = ${unsealed}`),
    ).rejects.toMatchObject(refusedByTrigger);
    await expect(attempt(owner.db, sql`truncate audit_event`)).rejects.toMatchObject(refusedByTrigger);
    // Sealing must not be a way to slip in a content change, nor leave hash or seq empty.
    await expect(
      attempt(
        owner.db,
        sql`update audit_event set seq = 1, hash = 'x', type = 'other' where organisation_id = ${unsealed}`,
      ),
    ).rejects.toMatchObject(refusedByTrigger);
    await expect(
      attempt(owner.db, sql`update audit_event set seq = 1 where organisation_id = ${unsealed}`),
    ).rejects.toMatchObject(refusedByTrigger);
    await expect(
      attempt(owner.db, sql`update audit_event set seq = 2, hash = 'y' where organisation_id = ${sealed}`),
    ).rejects.toMatchObject(refusedByTrigger);
  });
});
