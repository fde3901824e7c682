import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../client.ts';
import { insertAuditEvent } from '../queries/audit.ts';
import { sealAuditChain, verifyAuditChain } from '../queries/audit-chain.ts';
import { createTestOrganisation } from '../testing/fixtures.ts';

// Verify reads the chain in batches, the next one while it hashes the current: these chains span several batches.
const app = createDb(inject('databaseUrl'), { max: 4 });
const owner = createDb(inject('ownerDatabaseUrl'), { max: 1 });
afterAll(() => Promise.all([app.close(), owner.close()]));

async function sealedChain(n: number) {
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
  await sealAuditChain(app.db, { organisationId: organisation.id, graceMs: 0 });
  const rows = await app.sql<{ id: string }[]>`
    select id from audit_event where organisation_id = ${organisation.id} order by seq`;
  return { org: organisation.id, ids: rows.map((r) => Number(r.id)) };
}

async function tamper(statement: string, id: number) {
  await owner.sql.begin(async (tx) => {
    await tx`alter table audit_event disable trigger user`;
    await tx.unsafe(statement, [id]);
    await tx`alter table audit_event enable trigger user`;
  });
}

describe('verifying the audit chain batch by batch', () => {
  it('finds a chain of several batches intact, with the same head as in one batch', async () => {
    const { org } = await sealedChain(7);
    const whole = await verifyAuditChain(app.db, { organisationId: org });
    expect(whole).toMatchObject({ intact: true, sealed: 7, awaitingSeal: 0 });
    expect(await verifyAuditChain(app.db, { organisationId: org, batchSize: 2 })).toEqual(whole);
    expect(await verifyAuditChain(app.db, { organisationId: org, batchSize: 7 })).toEqual(whole);
  });

  it('names an edited row in a later batch', async () => {
    const { org, ids } = await sealedChain(7);
    const target = ids[5] ?? 0;
    await tamper(`update audit_event set data = '{"i": 99}' where id = $1`, target);
    expect(await verifyAuditChain(app.db, { organisationId: org, batchSize: 2 })).toMatchObject({
      intact: false,
      firstBrokenId: target,
      reason: expect.stringContaining('hash'),
    });
  });

  it('finds a row deleted at the end of a batch, at the first row of the next', async () => {
    const { org, ids } = await sealedChain(7);
    await tamper('delete from audit_event where id = $1', ids[3] ?? 0);
    expect(await verifyAuditChain(app.db, { organisationId: org, batchSize: 2 })).toMatchObject({
      intact: false,
      firstBrokenId: ids[4],
      reason: expect.stringContaining('missing'),
    });
  });
});
