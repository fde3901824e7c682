import { createTestSite } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUnescorted } from '../domain/escort/alerts.ts';
import { ineligibilityReasons } from '../domain/escort/eligibility.ts';
import { publishVersion } from '../test-support/documents.ts';
import {
  acceptStaffPolicy,
  type EscortScene,
  escortScene,
  givePin,
  type Member,
  makeEligibleEscort,
  member,
  refused,
  signInVisitor,
} from '../test-support/escort-harness.ts';
import { createHarness, testPasswordHash } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let site: string;
let ana: Member;
let ben: Member;

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  site = scene.site.id;
  [ana, ben] = await Promise.all([
    makeEligibleEscort(h, scene, { name: 'Ana Silva' }),
    makeEligibleEscort(h, scene, { name: 'Ben Okoro' }),
  ]);
});

const today = () => new Date().toISOString().slice(0, 10);
const reasonsOf = (codes: (keyof typeof ineligibilityReasons)[]) =>
  codes.map((code) => ({ code, text: ineligibilityReasons[code] }));

describe('escorts.mine', () => {
  it('shows only the escort’s own visitors, held or offered, by first name and initial', async () => {
    const held = await signInVisitor(h, scene, { fullName: 'Ada King Lovelace', hostName: 'Ana Silva' });
    const offered = await signInVisitor(h, scene, { fullName: 'Alan Turing', hostName: 'Ben Okoro' });
    const notMine = await signInVisitor(h, scene, { fullName: 'Grace Murray', hostName: 'Ben Okoro' });
    await ben.as().escorts.confirm({ siteId: site, visitId: offered.visitId });
    await ben.as().escorts.offerHandover({ siteId: site, visitId: offered.visitId, toStaffId: ana.id });

    const mine = await ana.as().escorts.mine({ siteId: site });
    const byVisit = new Map(mine.map((v) => [v.visitId, v]));
    expect([...byVisit.keys()].sort()).toEqual([held.visitId, offered.visitId].sort());
    expect(byVisit.get(held.visitId)).toMatchObject({
      visitorShortName: 'Ada L.',
      role: 'escort',
      state: 'awaiting_escort',
      escortStaffId: ana.id,
      confirmedAt: null,
    });
    expect(byVisit.get(offered.visitId)).toMatchObject({
      visitorShortName: 'Alan T.',
      role: 'offered',
      state: 'handover_pending',
      escortStaffId: ben.id,
      offeredToStaffId: ana.id,
    });
    const wire = JSON.stringify(mine);
    for (const surname of ['Lovelace', 'Turing', 'Murray', 'King']) expect(wire).not.toContain(surname);
    expect(wire).not.toContain(notMine.visitId);
  });

  it('is FORBIDDEN to someone who is not an escort at the site', async () => {
    await refused(scene.coordinator.as().escorts.mine({ siteId: site }), 'FORBIDDEN');
  });
});

describe('escorts.list and escorts.colleagues', () => {
  it('lists every escort at the site with eligibility and reasons, to the desk only', async () => {
    const local = await escortScene(h);
    const desk = await member(h, local.site, ['reception'], 'Rae Desk');
    const ok = await makeEligibleEscort(h, local, { name: 'Ana Able' });
    const fresh = await member(h, local.site, ['escort'], 'Bo Fresh');
    const off = await makeEligibleEscort(h, local, { name: 'Cal Off' });
    await off.as().staff.setDuty({ siteId: local.site.id, onDuty: false });

    for (const who of [local.coordinator, desk]) {
      const list = await who.as().escorts.list({ siteId: local.site.id });
      expect(list.map((e) => ({ staffId: e.staffId, name: e.name, eligible: e.eligible, reasons: e.reasons }))).toEqual(
        [
          { staffId: ok.id, name: 'Ana Able', eligible: true, reasons: [] },
          {
            staffId: fresh.id,
            name: 'Bo Fresh',
            eligible: false,
            reasons: reasonsOf(['policy_not_acknowledged', 'no_training', 'off_duty']),
          },
          { staffId: off.id, name: 'Cal Off', eligible: false, reasons: reasonsOf(['off_duty']) },
        ],
      );
    }
    // Colleagues an escort could hand over to: eligible, not themselves.
    expect(await ok.as().escorts.colleagues({ siteId: local.site.id })).toEqual([]);
    await off.as().staff.setDuty({ siteId: local.site.id, onDuty: true });
    expect(await ok.as().escorts.colleagues({ siteId: local.site.id })).toEqual([{ staffId: off.id, name: 'Cal Off' }]);
    await refused(ok.as().escorts.list({ siteId: local.site.id }), 'FORBIDDEN');
  });
});

describe('staff.myStatus, acknowledgePolicy and recordTraining', () => {
  it('reflects policy, training, duty and PIN as each is put right', async () => {
    // Its own site: a new staff policy is published here, which would make every other escort ineligible.
    const local = await escortScene(h);
    const here = local.site.id;
    const dee = await member(h, local.site, ['escort'], 'Dee Diaz');
    const start = await dee.as().staff.myStatus({ siteId: here });
    expect(start).toMatchObject({
      onDuty: false,
      trainedOn: null,
      hasPin: false,
      eligible: false,
      policyAcknowledged: false,
      reasons: reasonsOf(['policy_not_acknowledged', 'no_training', 'off_duty']),
    });
    expect(start.policies.map((p) => p.kind)).toEqual(start.policies.map(() => 'staff_policy'));
    expect(start.policies.some((p) => p.language === 'en')).toBe(true);

    await acceptStaffPolicy(dee, here);
    expect((await dee.as().staff.myStatus({ siteId: here })).reasons).toEqual(reasonsOf(['no_training', 'off_duty']));
    await local.coordinator.as().escorts.recordTraining({ siteId: here, staffId: dee.id, completedOn: today() });
    expect((await dee.as().staff.myStatus({ siteId: here })).trainedOn).toBe(today());
    await dee.as().staff.setDuty({ siteId: here, onDuty: true });
    await givePin(dee, '564738');
    expect(await dee.as().staff.myStatus({ siteId: here })).toMatchObject({
      onDuty: true,
      hasPin: true,
      eligible: true,
      policyAcknowledged: true,
      reasons: [],
    });

    // A new version of the staff policy must be accepted again before escorting.
    await publishVersion(h, local.site, { kind: 'staff_policy', language: 'en', body: 'Staff policy, version 2.' });
    expect(await dee.as().staff.myStatus({ siteId: here })).toMatchObject({
      eligible: false,
      policyAcknowledged: false,
      reasons: reasonsOf(['policy_not_acknowledged']),
    });
    const v2 = await acceptStaffPolicy(dee, here);
    expect(v2.body).toBe('Staff policy, version 2.');
    expect((await dee.as().staff.myStatus({ siteId: here })).eligible).toBe(true);
  });

  it('refuses to acknowledge a document that is not the current staff policy (CONFLICT)', async () => {
    const eve = await member(h, scene.site, ['escort'], 'Eve Evans');
    await refused(
      eve.as().staff.acknowledgePolicy({ siteId: site, documentId: scene.documents.form.documentId }),
      'CONFLICT',
    );
    expect((await eve.as().staff.myStatus({ siteId: site })).policyAcknowledged).toBe(false);
  });

  it('records training for coordinators and admins only, never in the future, only for staff of the site', async () => {
    const fay = await member(h, scene.site, ['escort'], 'Fay Fern');
    const admin = await member(h, scene.site, ['admin'], 'Ada Admin');
    await refused(
      fay.as().escorts.recordTraining({ siteId: site, staffId: fay.id, completedOn: today() }),
      'FORBIDDEN',
    );
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await refused(
      admin.as().escorts.recordTraining({ siteId: site, staffId: fay.id, completedOn: tomorrow }),
      'BAD_REQUEST',
    );
    const annexe = await createTestSite(h.db, scene.organisation.id, 'Annexe');
    const away = await member(h, annexe, ['escort'], 'Gus Away');
    await refused(
      admin.as().escorts.recordTraining({ siteId: site, staffId: away.id, completedOn: today() }),
      'NOT_FOUND',
    );
    await admin.as().escorts.recordTraining({ siteId: site, staffId: fay.id, completedOn: today() });
    expect((await fay.as().staff.myStatus({ siteId: site })).trainedOn).toBe(today());
  });
});

describe('the desk’s view of escorting', () => {
  it('visits.onSite shows the escort, when they confirmed, a handover target and open alerts', async () => {
    const v = await signInVisitor(h, scene, { hostName: 'Ana Silva' });
    const row = async () =>
      (await scene.coordinator.as().visits.onSite({ siteId: site })).find((x) => x.id === v.visitId);
    expect(await row()).toMatchObject({
      escortName: 'Ana Silva',
      escortConfirmedAt: null,
      handoverToName: null,
      openAlerts: [],
    });

    await checkUnescorted(h.db, { visitId: v.visitId, now: new Date() });
    const confirmedAt = new Date(v.signedInAt.getTime() + 45_000);
    await ana.as(confirmedAt).escorts.confirm({ siteId: site, visitId: v.visitId });
    await ana.as().escorts.offerHandover({ siteId: site, visitId: v.visitId, toStaffId: ben.id });
    expect(await row()).toMatchObject({
      state: 'handover_pending',
      escortStaffId: ana.id,
      escortName: 'Ana Silva',
      escortConfirmedAt: confirmedAt,
      handoverToName: 'Ben Okoro',
      openAlerts: ['unescorted'],
    });
  });

  it('visits.detail lists each escort and counts the gap of a reassignment as unescorted', async () => {
    const v = await signInVisitor(h, scene, { hostName: 'Ana Silva' });
    const t = (s: number) => new Date(v.signedInAt.getTime() + s * 1000);
    await ana.as(t(60)).escorts.confirm({ siteId: site, visitId: v.visitId });
    await scene.coordinator.as(t(120)).escorts.assign({ siteId: site, visitId: v.visitId, staffId: ben.id });
    await ben.as(t(200)).escorts.confirm({ siteId: site, visitId: v.visitId });

    const detail = await scene.coordinator.as(t(300)).visits.detail({ siteId: site, visitId: v.visitId });
    // 0–60 s before Ana confirmed, 120–200 s between her and Ben.
    expect(detail.unescortedSeconds).toBe(140);
    expect(detail.escorts.map((e) => [e.staffName, e.confirmedAt, e.confirmedVia, e.endedAt, e.endReason])).toEqual([
      ['Ana Silva', t(60), 'phone', t(120), 'reassigned'],
      ['Ben Okoro', t(200), 'phone', null, null],
    ]);
    // Later, still with Ben: no more unescorted time.
    const after = await scene.coordinator.as(t(900)).visits.detail({ siteId: site, visitId: v.visitId });
    expect(after.unescortedSeconds).toBe(140);
  });
});
