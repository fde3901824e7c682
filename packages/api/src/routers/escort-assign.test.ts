import { createTestSite } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ineligibilityReasons } from '../domain/escort/eligibility.ts';
import {
  assignmentsOf,
  type EscortScene,
  escortScene,
  type Member,
  makeEligibleEscort,
  member,
  outboxOf,
  refusedWritingNothing,
  signInVisitor,
  stateOf,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, testPasswordHash } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let site: string;
let org: string;
let reception: Member;
let admin: Member;
let ana: Member;
let ben: Member;

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  site = scene.site.id;
  org = scene.organisation.id;
  [reception, admin, ana, ben] = await Promise.all([
    member(h, scene.site, ['reception'], 'Rae Reception'),
    member(h, scene.site, ['admin'], 'Ada Admin'),
    makeEligibleEscort(h, scene, { name: 'Ana Silva' }),
    makeEligibleEscort(h, scene, { name: 'Ben Okoro' }),
  ]);
});

const assignedAudit = async (visitId: string) =>
  (await auditRowsOfType(h, org, 'escort.assigned')).filter((r) => r.visitId === visitId);

describe('escorts.assign', () => {
  it.each(['coordinator', 'reception'] as const)('lets %s assign an eligible escort', async (who) => {
    const desk = who === 'coordinator' ? scene.coordinator : reception;
    const { visitId } = await signInVisitor(h, scene);
    const now = new Date(Date.now() + 1000);
    await desk.as(now).escorts.assign({ siteId: site, visitId, staffId: ana.id });

    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
    const assignments = await assignmentsOf(h, visitId);
    expect(assignments).toHaveLength(1);
    expect(assignments[0]).toMatchObject({ staffId: ana.id, assignedAt: now, confirmedAt: null, endedAt: null });
    const audit = await assignedAudit(visitId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: 'staff',
      actorId: desk.id,
      data: { staffId: ana.id, previousStaffId: null, how: 'staff' },
    });
    // One unsent email to Ana at a time: it lists, when sent, every visitor waiting for her (this one included).
    const mail = (await outboxOf(h, org, 'escort_assigned')).filter((m) => m.status === 'pending');
    expect(mail.map((m) => [m.toAddress, m.payload])).toEqual([[ana.email, { staffId: ana.id, siteId: site }]]);
  });

  it.each(['escort', 'admin'] as const)('is FORBIDDEN to %s, writing nothing', async (who) => {
    const { visitId } = await signInVisitor(h, scene);
    const caller = (who === 'escort' ? ana : admin).as();
    await refusedWritingNothing(
      h,
      org,
      () => caller.escorts.assign({ siteId: site, visitId, staffId: ben.id }),
      'FORBIDDEN',
    );
    // Not even assigning themselves.
    await refusedWritingNothing(
      h,
      org,
      () => ana.as().escorts.assign({ siteId: site, visitId, staffId: ana.id }),
      'FORBIDDEN',
    );
  });

  it('reassigns: the old assignment ends as reassigned and the audit names the previous escort', async () => {
    const { visitId } = await signInVisitor(h, scene);
    const t1 = new Date(Date.now() + 1000);
    const t2 = new Date(Date.now() + 2000);
    await scene.coordinator.as(t1).escorts.assign({ siteId: site, visitId, staffId: ana.id });
    await scene.coordinator.as(t2).escorts.assign({ siteId: site, visitId, staffId: ben.id });

    const [first, second] = await assignmentsOf(h, visitId);
    expect(first).toMatchObject({ staffId: ana.id, endedAt: t2, endReason: 'reassigned' });
    expect(second).toMatchObject({ staffId: ben.id, assignedAt: t2, confirmedAt: null, endedAt: null });
    expect((await assignedAudit(visitId)).map((r) => r.data)).toEqual([
      { staffId: ana.id, previousStaffId: null, how: 'staff' },
      { staffId: ben.id, previousStaffId: ana.id, how: 'staff' },
    ]);
    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
  });

  it('reassigning an escorted visitor makes them unescorted until the new escort confirms', async () => {
    const { visitId } = await signInVisitor(h, scene);
    await scene.coordinator.as().escorts.assign({ siteId: site, visitId, staffId: ana.id });
    await ana.as().escorts.confirm({ siteId: site, visitId });
    expect(await stateOf(h, visitId)).toBe('escorted');

    await reception.as().escorts.assign({ siteId: site, visitId, staffId: ben.id });
    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
    const [old, current] = await assignmentsOf(h, visitId);
    expect(old).toMatchObject({ staffId: ana.id, endReason: 'reassigned' });
    expect(current).toMatchObject({ staffId: ben.id, confirmedAt: null, endedAt: null });
    // Ana can no longer act for the visitor; Ben can.
    await refusedWritingNothing(h, org, () => ana.as().escorts.signOut({ siteId: site, visitId }), 'FORBIDDEN');
    await ben.as().escorts.confirm({ siteId: site, visitId });
    expect(await stateOf(h, visitId)).toBe('escorted');
  });

  it('refuses an ineligible escort with CONFLICT naming every reason, writing nothing', async () => {
    const cy = await member(h, scene.site, ['escort'], 'Cy Untrained');
    const { visitId } = await signInVisitor(h, scene);
    const err = await refusedWritingNothing(
      h,
      org,
      () => scene.coordinator.as().escorts.assign({ siteId: site, visitId, staffId: cy.id }),
      'CONFLICT',
    );
    expect(err.message).toContain('Cy Untrained');
    expect(err.message).toContain(ineligibilityReasons.policy_not_acknowledged);
    expect(err.message).toContain(ineligibilityReasons.no_training);
    expect(err.message).toContain(ineligibilityReasons.off_duty);
    expect(err.message).not.toContain(ineligibilityReasons.inactive);
  });

  it('refuses an escort who just went off duty, naming only that', async () => {
    const dee = await makeEligibleEscort(h, scene, { name: 'Dee Offduty' });
    await dee.as().staff.setDuty({ siteId: site, onDuty: false });
    const { visitId } = await signInVisitor(h, scene);
    const err = await refusedWritingNothing(
      h,
      org,
      () => reception.as().escorts.assign({ siteId: site, visitId, staffId: dee.id }),
      'CONFLICT',
    );
    expect(err.message).toBe(`Dee Offduty cannot escort: ${ineligibilityReasons.off_duty}`);
  });

  it('refuses a member of staff who is not an escort (not_escort) and one from another site (NOT_FOUND)', async () => {
    const { visitId } = await signInVisitor(h, scene);
    const err = await refusedWritingNothing(
      h,
      org,
      () => reception.as().escorts.assign({ siteId: site, visitId, staffId: scene.coordinator.id }),
      'CONFLICT',
    );
    expect(err.message).toContain(ineligibilityReasons.not_escort);
    const annexe = await createTestSite(h.db, org, 'Annexe');
    const elsewhere = await member(h, annexe, ['escort'], 'Eve Elsewhere');
    await refusedWritingNothing(
      h,
      org,
      () => reception.as().escorts.assign({ siteId: site, visitId, staffId: elsewhere.id }),
      'NOT_FOUND',
    );
  });

  it('refuses to assign to a signed-out visit (CONFLICT), writing nothing', async () => {
    const { visitId, visitCode } = await signInVisitor(h, scene);
    await scene.kioskAs().visits.signOut({ visitCode });
    await refusedWritingNothing(
      h,
      org,
      () => scene.coordinator.as().escorts.assign({ siteId: site, visitId, staffId: ana.id }),
      'CONFLICT',
      /signed out/,
    );
  });

  it('refuses to assign the escort who is already assigned (CONFLICT)', async () => {
    const { visitId } = await signInVisitor(h, scene);
    await scene.coordinator.as().escorts.assign({ siteId: site, visitId, staffId: ana.id });
    await refusedWritingNothing(
      h,
      org,
      () => reception.as().escorts.assign({ siteId: site, visitId, staffId: ana.id }),
      'CONFLICT',
    );
  });

  it('does not reach a visit at another site (NOT_FOUND), writing nothing', async () => {
    const other = await escortScene(h);
    const { visitId } = await signInVisitor(h, other);
    await refusedWritingNothing(
      h,
      other.organisation.id,
      () => scene.coordinator.as().escorts.assign({ siteId: site, visitId, staffId: ana.id }),
      'NOT_FOUND',
    );
  });
});
