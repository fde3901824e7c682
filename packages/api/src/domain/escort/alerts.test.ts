import { randomUUID } from 'node:crypto';
import { createTestSite } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertsOf,
  type EscortScene,
  escortScene,
  escortSnapshot,
  type Member,
  makeEligibleEscort,
  member,
  outboxOf,
  signInVisitor,
} from '../../test-support/escort-harness.ts';
import {
  auditRowsOfType,
  createHarness,
  createStaffWithPassword,
  testPasswordHash,
} from '../../test-support/harness.ts';
import { checkOverrun, checkUnescorted } from './alerts.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let org: string;
let secondCoordinator: Member;
let ana: Member;

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  org = scene.organisation.id;
  const annexe = await createTestSite(h.db, org, 'Annexe');
  [secondCoordinator, ana] = await Promise.all([
    member(h, scene.site, ['coordinator', 'escort'], 'Col Second'),
    makeEligibleEscort(h, scene, { name: 'Ana Silva' }),
    // None of these may be emailed an alert.
    member(h, scene.site, ['reception'], 'Rae Reception'),
    member(h, scene.site, ['admin'], 'Ada Admin'),
    member(h, annexe, ['coordinator'], 'Anne Annexe'),
    createStaffWithPassword(h, { organisationId: org, siteId: scene.site.id, roles: ['coordinator'], active: false }),
  ]);
});

const later = () => new Date(Date.now() + 10 * 60_000);
const mailFor = async (visitId: string) =>
  (await outboxOf(h, org, 'alert_raised'))
    .filter((m) => m.visitId === visitId)
    .map((m) => ({ to: m.toAddress, payload: m.payload }))
    .sort((a, b) => String(a.to).localeCompare(String(b.to)));
const coordinatorMail = (kind: string) =>
  [scene.coordinator.email, secondCoordinator.email]
    .map((to) => ({ to, payload: { kind } }))
    .sort((a, b) => a.to.localeCompare(b.to));

describe('checkUnescorted', () => {
  it('raises exactly one unescorted alert for a visit with no escort, emailing coordinators only', async () => {
    const { visitId } = await signInVisitor(h, scene);
    const now = later();
    const alertId = await checkUnescorted(h.db, { visitId, now });

    expect(alertId).toEqual(expect.any(String));
    const alerts = await alertsOf(h, visitId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      id: alertId,
      kind: 'unescorted',
      siteId: scene.site.id,
      staffId: null,
      raisedAt: now,
      acknowledgedAt: null,
    });
    expect(await mailFor(visitId)).toEqual(coordinatorMail('unescorted'));
    const raised = (await auditRowsOfType(h, org, 'alert.raised')).filter((r) => r.visitId === visitId);
    expect(raised.map((r) => [r.actorType, r.data])).toEqual([['system', { alertId, kind: 'unescorted' }]]);

    // Run again (a timer retried): nothing new.
    const before = await escortSnapshot(h, org);
    expect(await checkUnescorted(h.db, { visitId, now: later() })).toBeNull();
    expect(await escortSnapshot(h, org)).toEqual(before);
  });

  it('raises a new alert once the first was acknowledged', async () => {
    const { visitId } = await signInVisitor(h, scene);
    const first = await checkUnescorted(h.db, { visitId, now: later() });
    if (!first) throw new Error('no alert raised');
    await scene.coordinator.as().alerts.acknowledge({ siteId: scene.site.id, alertId: first, note: 'Found in hall' });
    const second = await checkUnescorted(h.db, { visitId, now: later() });
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    const alerts = await alertsOf(h, visitId);
    expect(alerts.map((a) => [a.id, a.acknowledgedAt === null])).toEqual([
      [first, false],
      [second, true],
    ]);
    expect(await mailFor(visitId)).toHaveLength(4);
  });

  it('raises for an assigned but unconfirmed escort, naming that escort', async () => {
    const { visitId } = await signInVisitor(h, scene, { hostName: 'Ana Silva' });
    await checkUnescorted(h.db, { visitId, now: later() });
    expect((await alertsOf(h, visitId)).map((a) => [a.kind, a.staffId])).toEqual([['unescorted', ana.id]]);
  });

  it('does nothing for a visitor whose escort confirmed, or one who signed out, or no such visit', async () => {
    const confirmed = await signInVisitor(h, scene, { hostName: 'Ana Silva' });
    await ana.as().escorts.confirm({ siteId: scene.site.id, visitId: confirmed.visitId });
    const gone = await signInVisitor(h, scene);
    await scene.kioskAs().visits.signOut({ visitCode: gone.visitCode });

    const before = await escortSnapshot(h, org);
    expect(await checkUnescorted(h.db, { visitId: confirmed.visitId, now: later() })).toBeNull();
    expect(await checkUnescorted(h.db, { visitId: gone.visitId, now: later() })).toBeNull();
    expect(await checkUnescorted(h.db, { visitId: randomUUID(), now: later() })).toBeNull();
    expect(await escortSnapshot(h, org)).toEqual(before);
  });
});

describe('checkOverrun', () => {
  it('raises one overrun alert for a visitor still on site, escorted or not, emailing coordinators', async () => {
    const { visitId } = await signInVisitor(h, scene, { hostName: 'Ana Silva' });
    await ana.as().escorts.confirm({ siteId: scene.site.id, visitId });
    const now = later();
    const alertId = await checkOverrun(h.db, { visitId, now });
    expect(alertId).toEqual(expect.any(String));
    expect(await alertsOf(h, visitId)).toMatchObject([
      { id: alertId, kind: 'overrun', staffId: ana.id, raisedAt: now },
    ]);
    expect(await mailFor(visitId)).toEqual(coordinatorMail('overrun'));

    const before = await escortSnapshot(h, org);
    expect(await checkOverrun(h.db, { visitId, now: later() })).toBeNull();
    expect(await escortSnapshot(h, org)).toEqual(before);
  });

  it('keeps one open alert of each kind: an unescorted alert does not stop an overrun one', async () => {
    const { visitId } = await signInVisitor(h, scene);
    expect(await checkUnescorted(h.db, { visitId, now: later() })).toEqual(expect.any(String));
    expect(await checkOverrun(h.db, { visitId, now: later() })).toEqual(expect.any(String));
    expect((await alertsOf(h, visitId)).map((a) => a.kind).sort()).toEqual(['overrun', 'unescorted']);
  });

  it('does nothing for a visitor who signed out', async () => {
    const gone = await signInVisitor(h, scene);
    await scene.kioskAs().visits.signOut({ visitCode: gone.visitCode });
    const before = await escortSnapshot(h, org);
    expect(await checkOverrun(h.db, { visitId: gone.visitId, now: later() })).toBeNull();
    expect(await escortSnapshot(h, org)).toEqual(before);
  });
});
