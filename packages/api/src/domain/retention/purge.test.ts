import { createDb, sealAuditChain, verifyAuditChain } from '@threshold/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type EscortScene, escortScene, member } from '../../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness } from '../../test-support/harness.ts';
import { NOTHING_LEFT, rowsOfVisit, visitWithEverything } from '../../test-support/retention-scene.ts';
import { cutoffFor, previewRetentionPurge, runRetentionPurge } from './purge.ts';

const h = createHarness();
// The purge runs as the owner role, as the server's job and the command line do.
const owner = createDb(inject('ownerDatabaseUrl'), { max: 2 });
let scene: EscortScene;

const YEAR = 365.25 * 24 * 3600 * 1000;
// The purge's clock: four years after the visits below ended (the default period is three years).
const NOW = new Date(Date.now() + 4 * YEAR);
const org = () => scene.organisation.id;
const siteId = () => scene.site.id;

let gone: { visitId: string; disclosureId: string }[];
let held: { visitId: string; disclosureId: string };
let recent: { visitId: string };
let open: { visitId: string };

beforeAll(async () => {
  scene = await escortScene(h);
  const ended = new Date();
  gone = [
    await visitWithEverything(h, scene, { fullName: 'Old One', signedOutAt: ended }),
    await visitWithEverything(h, scene, { fullName: 'Old Two', signedOutAt: ended }),
    await visitWithEverything(h, scene, { fullName: 'Old Three', signedOutAt: ended }),
  ];
  held = await visitWithEverything(h, scene, { fullName: 'Old Held', signedOutAt: ended });
  await scene.coordinator.as().safeguarding.hold({
    siteId: siteId(),
    visitId: held.visitId,
    reason: 'legal_request',
    note: '',
    reviewBy: '2031-09-01',
  });
  // Ended three and a half years after the others: within the period at NOW.
  recent = await visitWithEverything(h, scene, { fullName: 'Recent', signedOutAt: new Date(Date.now() + 3.5 * YEAR) });
  // Never signed out: an open visit is never destroyed, however old.
  open = await visitWithEverything(h, scene, { fullName: 'Still Open', signedOutAt: null });
});
afterAll(async () => {
  await owner.close();
  await h.close();
});

describe('cutoffFor', () => {
  it('counts calendar months back, ending on the month’s last day when the day does not exist', () => {
    expect(cutoffFor(new Date('2031-03-31T02:00:00Z'), 1).toISOString()).toBe('2031-02-28T02:00:00.000Z');
    expect(cutoffFor(new Date('2031-06-10T02:00:00Z'), 36).toISOString()).toBe('2028-06-10T02:00:00.000Z');
  });
});

describe('the retention purge', () => {
  it('a site’s own longer period keeps its visits; the change is audited with old and new', async () => {
    const a = await member(h, scene.site, ['admin'], 'Ada Admin');
    await a.as().retention.setPeriod({ siteId: siteId(), organisationMonths: 36, siteMonths: 72 });
    expect(await a.as().retention.overview({ siteId: siteId() })).toMatchObject({
      organisationMonths: 36,
      siteMonths: 72,
      effectiveMonths: 72,
    });

    const [run] = await runRetentionPurge(owner.db, { now: NOW, trigger: 'command', organisationId: org() });
    expect(run?.counts.visits).toBe(0);
    expect((await rowsOfVisit(h, gone[0]?.visitId ?? '')).visit).toBe(1);

    await a.as().retention.setPeriod({ siteId: siteId(), organisationMonths: 36, siteMonths: null });
    const audit = await auditRowsOfType(h, org(), 'retention.period_set');
    expect(audit.map((r) => [r.actorId, r.data])).toEqual([
      [a.id, { organisationMonthsFrom: 36, organisationMonthsTo: 36, siteMonthsFrom: null, siteMonthsTo: 72 }],
      [a.id, { organisationMonthsFrom: 36, organisationMonthsTo: 36, siteMonthsFrom: 72, siteMonthsTo: null }],
    ]);
  });

  it('a dry run lists ids and dates of what would go and writes nothing', async () => {
    const [site] = await previewRetentionPurge(owner.db, { now: NOW, organisationId: org(), listLimit: 10 });
    expect(site).toMatchObject({ siteId: siteId(), months: 36, expired: 3, held: 1, disclosureRequests: 5 });
    expect(new Set(site?.visits.map((v) => v.id))).toEqual(new Set(gone.map((g) => g.visitId)));
    expect(Object.keys(site?.visits[0] ?? {}).sort()).toEqual(['id', 'signedInAt', 'signedOutAt']);
    expect((await rowsOfVisit(h, gone[0]?.visitId ?? '')).visit).toBe(1);
  });

  it('destroys expired visits with all their rows, keeps held, recent and open ones, and the chain verifies', async () => {
    await sealAuditChain(h.db, { organisationId: org(), graceMs: 0 });
    const before = await verifyAuditChain(h.db, { organisationId: org() });
    expect(before.intact).toBe(true);

    // Batches of two: the three expired visits take two transactions.
    const [run] = await runRetentionPurge(owner.db, {
      now: NOW,
      trigger: 'schedule',
      organisationId: org(),
      batchSize: 2,
    });

    for (const g of gone) expect(await rowsOfVisit(h, g.visitId)).toEqual(NOTHING_LEFT);
    expect(await rowsOfVisit(h, held.visitId)).toMatchObject({ visit: 1, signature: 1, holds: 2, concerns: 1 });
    expect((await rowsOfVisit(h, recent.visitId)).visit).toBe(1);
    expect((await rowsOfVisit(h, open.visitId)).visit).toBe(1);
    // The register's requests go by when they were recorded (all five here, the recent and open visits' too),
    // except the one about the held visit.
    const requests = await h.handle.sql<{ id: string }[]>`
      select id from disclosure_request where site_id = ${siteId()} order by id`;
    const left = new Set(requests.map((r) => r.id));
    expect([...left]).toEqual([held.disclosureId]);
    for (const g of gone) expect(left.has(g.disclosureId)).toBe(false);

    expect(run?.counts).toMatchObject({ visits: 3, signatures: 3, disclosureRequests: 5, releasedHolds: 3 });
    expect(run?.skippedHeld).toBe(1);
    const [record] = await h.handle.sql`select * from retention_purge where id = ${run?.purgeId ?? null}`;
    expect(record).toMatchObject({ status: 'finished', trigger: 'schedule', skipped_held: 1 });
    expect(record?.counts).toMatchObject({ visits: 3, alerts: 3, concerns: 3, disclosureRequests: 5 });
    expect(record?.periods).toEqual([{ siteId: siteId(), months: 36, cutoff: cutoffFor(NOW, 36).toISOString() }]);

    const batches = await auditRowsOfType(h, org(), 'retention.visits_destroyed');
    expect(batches.map((b) => (b.data as { visitIds: string[] }).visitIds.length)).toEqual([2, 1]);
    const finished = (await auditRowsOfType(h, org(), 'retention.purge_finished')).at(-1);
    expect(finished?.data).toEqual({
      purgeId: run?.purgeId,
      trigger: 'schedule',
      visits: 3,
      disclosureRequests: 5,
      skippedHeld: 1,
    });
    // Audit rows of the destroyed visits stay (ids only) and the whole chain still verifies.
    const [kept] = await h.handle.sql<{ n: number }[]>`
      select count(*)::int as n from audit_event where visit_id = ${gone[0]?.visitId ?? null}`;
    expect(kept?.n).toBeGreaterThan(0);
    await sealAuditChain(h.db, { organisationId: org(), graceMs: 0 });
    const after = await verifyAuditChain(h.db, { organisationId: org() });
    expect(after).toMatchObject({ intact: true, awaitingSeal: 0 });
    expect(after.intact && before.intact && after.sealed > before.sealed).toBe(true);

    // The admin and coordinators see it.
    const overview = await scene.coordinator.as().retention.overview({ siteId: siteId() });
    expect(overview.purges[0]).toMatchObject({ id: run?.purgeId, status: 'finished', skippedHeld: 1 });
  });

  it('a second run finds nothing more', async () => {
    const [run] = await runRetentionPurge(owner.db, { now: NOW, trigger: 'schedule', organisationId: org() });
    expect(run?.counts.visits).toBe(0);
    expect(run?.skippedHeld).toBe(1);
  });
});
