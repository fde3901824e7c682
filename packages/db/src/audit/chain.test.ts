import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../client.ts';
import { insertAuditEvent } from '../queries/audit.ts';
import { type AuditChainAnchor, sealAuditChain, verifyAuditChain } from '../queries/audit-chain.ts';
import { createTestOrganisation } from '../testing/fixtures.ts';

const app = createDb(inject('databaseUrl'), { max: 10 });
const owner = createDb(inject('ownerDatabaseUrl'), { max: 1 });
afterAll(() => Promise.all([app.close(), owner.close()]));

function event(organisationId: string, i: number) {
  return {
    organisationId,
    siteId: null,
    actorType: 'system' as const,
    actorId: null,
    type: 'test.event',
    visitId: null,
    data: { i, nested: { b: true, a: [i] } },
  };
}

async function orgWithEvents(n: number) {
  const { organisation } = await createTestOrganisation(app.db);
  for (let i = 0; i < n; i++) await insertAuditEvent(app.db, event(organisation.id, i));
  return organisation.id;
}

const seal = (organisationId: string) => sealAuditChain(app.db, { organisationId, graceMs: 0 });

async function idsInSeqOrder(organisationId: string) {
  const rows = await app.sql<{ id: string; seq: string }[]>`
    select id, seq from audit_event where organisation_id = ${organisationId} order by seq`;
  return rows.map((r) => ({ id: Number(r.id), seq: Number(r.seq) }));
}

/** Tampers the way someone with the owner's rights could: trigger off, change, trigger back on, in one go. */
async function tamper(statement: string, params: (string | number | number[])[]) {
  await owner.sql.begin(async (tx) => {
    await tx`alter table audit_event disable trigger user`;
    await tx.unsafe(statement, params);
    await tx`alter table audit_event enable trigger user`;
  });
}

describe('the audit hash chain', () => {
  it('links rows in order, counts unsealed ones, and chains later rows onto the head', async () => {
    const org = await orgWithEvents(3);
    expect(await verifyAuditChain(app.db, { organisationId: org })).toEqual({
      intact: true,
      sealed: 0,
      awaitingSeal: 3,
      head: null,
    });
    expect(await seal(org)).toBe(3);
    const [head] = await app.sql<{ hash: string }[]>`
      select hash from audit_event where organisation_id = ${org} and seq = 3`;
    expect(await verifyAuditChain(app.db, { organisationId: org })).toEqual({
      intact: true,
      sealed: 3,
      awaitingSeal: 0,
      head: { seq: 3, hash: head?.hash },
    });

    await insertAuditEvent(app.db, event(org, 3));
    await insertAuditEvent(app.db, event(org, 4));
    expect(await verifyAuditChain(app.db, { organisationId: org })).toMatchObject({ sealed: 3, awaitingSeal: 2 });
    expect(await seal(org)).toBe(2);
    const [next] = await app.sql<{ seq: string; prev_hash: string }[]>`
      select seq, prev_hash from audit_event where organisation_id = ${org} and seq = 4`;
    expect(next?.prev_hash).toBe(head?.hash);
    expect(await verifyAuditChain(app.db, { organisationId: org })).toMatchObject({
      intact: true,
      sealed: 5,
      awaitingSeal: 0,
    });
    // A second pass has nothing to do.
    expect(await seal(org)).toBe(0);
  });

  it('chains a row whose transaction commits after a later-id row was sealed, instead of losing it', async () => {
    const org = await orgWithEvents(0);
    let release = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    let inserted = () => {};
    const insertedEarly = new Promise<void>((done) => {
      inserted = done;
    });
    // This transaction takes the smaller id, then stays open while a later row commits and is sealed.
    const slow = app.db.transaction(async (tx) => {
      await insertAuditEvent(tx, event(org, 0));
      inserted();
      await held;
    });
    await insertedEarly;
    await insertAuditEvent(app.db, event(org, 1));
    expect(await seal(org)).toBe(1);
    release();
    await slow;
    expect(await seal(org)).toBe(1);
    const rows = await idsInSeqOrder(org);
    expect(rows.map((r) => r.seq)).toEqual([1, 2]);
    // seq follows commit order here, not id order, and the chain is whole.
    expect((rows[1]?.id ?? 0) < (rows[0]?.id ?? 0)).toBe(true);
    expect(await verifyAuditChain(app.db, { organisationId: org })).toMatchObject({
      intact: true,
      sealed: 2,
      awaitingSeal: 0,
    });
  });

  it('leaves rows younger than the grace period for a later pass', async () => {
    const org = await orgWithEvents(1);
    expect(await sealAuditChain(app.db, { organisationId: org, graceMs: 60_000 })).toBe(0);
    expect(await verifyAuditChain(app.db, { organisationId: org })).toMatchObject({ awaitingSeal: 1 });
  });

  it('seals 200 concurrent inserts, with sealing running alongside, into one gap-free chain', async () => {
    const { organisation } = await createTestOrganisation(app.db);
    const org = organisation.id;
    let inserting = true;
    const sealer = (async () => {
      while (inserting) await seal(org);
    })();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => app.db.transaction((tx) => insertAuditEvent(tx, event(org, i)))),
    );
    inserting = false;
    await sealer;
    await seal(org);
    expect(await verifyAuditChain(app.db, { organisationId: org })).toMatchObject({
      intact: true,
      sealed: 200,
      awaitingSeal: 0,
    });
    const seqs = (await idsInSeqOrder(org)).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('detects an edited row', async () => {
    const org = await orgWithEvents(5);
    await seal(org);
    const rows = await idsInSeqOrder(org);
    const target = rows[2]?.id ?? 0;
    await tamper(`update audit_event set data = '{"i": 99}' where id = $1`, [target]);
    expect(await verifyAuditChain(app.db, { organisationId: org })).toMatchObject({
      intact: false,
      firstBrokenId: target,
      reason: expect.stringContaining('hash'),
    });
  });

  it('detects a deleted row in the middle, at the row after it', async () => {
    const org = await orgWithEvents(5);
    await seal(org);
    const rows = await idsInSeqOrder(org);
    await tamper('delete from audit_event where id = $1', [rows[2]?.id ?? 0]);
    expect(await verifyAuditChain(app.db, { organisationId: org })).toMatchObject({
      intact: false,
      firstBrokenId: rows[3]?.id,
      reason: expect.stringContaining('missing'),
    });
  });

  it('detects rows cut from the end against a head recorded outside the database, as the sealer reports it', async () => {
    const org = await orgWithEvents(5);
    const reported: AuditChainAnchor[] = [];
    await sealAuditChain(app.db, { organisationId: org, graceMs: 0, onSealed: (_, head) => reported.push(head) });
    const anchor = reported.at(-1);
    expect(anchor?.seq).toBe(5);
    expect(await verifyAuditChain(app.db, { organisationId: org, anchor })).toMatchObject({
      intact: true,
      head: anchor,
    });

    const rows = await idsInSeqOrder(org);
    await tamper('delete from audit_event where id = any($1)', [[rows[3]?.id ?? 0, rows[4]?.id ?? 0]]);
    // Alone, the shortened chain is still a valid chain…
    expect(await verifyAuditChain(app.db, { organisationId: org })).toMatchObject({ intact: true, sealed: 3 });
    // …but not against the head noted before.
    expect(await verifyAuditChain(app.db, { organisationId: org, anchor })).toMatchObject({
      intact: false,
      firstBrokenId: null,
      reason: expect.stringContaining('removed from the end'),
    });
  });

  it('detects a chain rebuilt after tampering, at the entry whose hash differs from the recorded head', async () => {
    const org = await orgWithEvents(3);
    await seal(org);
    const rows = await idsInSeqOrder(org);
    const anchor = { seq: 3, hash: 'f'.repeat(64) };
    expect(await verifyAuditChain(app.db, { organisationId: org, anchor })).toMatchObject({
      intact: false,
      firstBrokenId: rows[2]?.id,
      reason: expect.stringContaining('recorded outside the database'),
    });
  });

  it('detects two rows whose content was swapped, at the earlier one', async () => {
    const org = await orgWithEvents(5);
    await seal(org);
    const rows = await idsInSeqOrder(org);
    const [a, b] = [rows[1]?.id ?? 0, rows[3]?.id ?? 0];
    await tamper(
      `update audit_event t set occurred_at = s.occurred_at, type = s.type, data = s.data
         from audit_event s where (t.id, s.id) in (($1, $2), ($2, $1))`,
      [a, b],
    );
    expect(await verifyAuditChain(app.db, { organisationId: org })).toMatchObject({ intact: false, firstBrokenId: a });
  });

  it('detects a forged hash; the trigger is back on after tampering', async () => {
    const org = await orgWithEvents(3);
    await seal(org);
    const rows = await idsInSeqOrder(org);
    await tamper(`update audit_event set hash = repeat('0', 64) where id = $1`, [rows[1]?.id ?? 0]);
    expect(await verifyAuditChain(app.db, { organisationId: org })).toMatchObject({
      intact: false,
      firstBrokenId: rows[1]?.id,
    });
    // The owner's tampering left the trigger on again.
    await expect(owner.db.execute(sql`delete from audit_event where organisation_id = ${org}`)).rejects.toMatchObject({
      cause: { code: '42501' },
    });
  });
});
