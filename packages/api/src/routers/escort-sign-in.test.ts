import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignmentsOf,
  escortScene,
  makeEligibleEscort,
  outboxOf,
  signInVisitor,
  stateOf,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, testPasswordHash } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());
beforeAll(() => testPasswordHash());

describe('sign-in assigns a host who can escort', () => {
  it('assigns the typed host when they are an eligible escort: unconfirmed, awaiting, audited, emailed', async () => {
    const scene = await escortScene(h);
    const dara = await makeEligibleEscort(h, scene, { name: 'Dara Chan' });
    const before = new Date();
    const { visitId } = await signInVisitor(h, scene, { hostName: '  dara  CHAN ' });
    const after = new Date();

    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
    const assignments = await assignmentsOf(h, visitId);
    expect(assignments).toHaveLength(1);
    expect(assignments[0]).toMatchObject({
      staffId: dara.id,
      confirmedAt: null,
      confirmedVia: null,
      offeredToStaffId: null,
      endedAt: null,
    });

    // Assigned by the matching that follows the sign-in's commit, a moment later.
    const assignedAt = assignments[0]?.assignedAt.getTime() ?? 0;
    expect(assignedAt).toBeGreaterThanOrEqual(before.getTime());
    expect(assignedAt).toBeLessThanOrEqual(after.getTime());

    const audit = (await auditRowsOfType(h, scene.organisation.id, 'escort.assigned')).filter(
      (r) => r.visitId === visitId,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: 'kiosk',
      actorId: scene.kiosk.deviceId,
      data: { staffId: dara.id, previousStaffId: null, how: 'host_match' },
    });

    const mail = await outboxOf(h, scene.organisation.id, 'escort_assigned');
    expect(mail.map((m) => ({ to: m.toAddress, visitId: m.visitId, status: m.status }))).toEqual([
      { to: dara.email, visitId, status: 'pending' },
    ]);
    // The email names no one in its stored form: ids only.
    expect(JSON.stringify(mail[0]?.payload ?? null)).not.toMatch(/Grace|Hopper/);
  });

  it('does not assign a typed host who is an escort but off duty', async () => {
    const scene = await escortScene(h);
    const dara = await makeEligibleEscort(h, scene, { name: 'Dara Chan' });
    await dara.as().staff.setDuty({ siteId: scene.site.id, onDuty: false });
    const { visitId } = await signInVisitor(h, scene, { hostName: 'Dara Chan' });

    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
    expect(await assignmentsOf(h, visitId)).toEqual([]);
    expect(await auditRowsOfType(h, scene.organisation.id, 'escort.assigned')).toEqual([]);
    expect(await outboxOf(h, scene.organisation.id, 'escort_assigned')).toEqual([]);
    // The host is still recorded as the person the visitor came to see.
    const visit = await h.db.query.visit.findFirst({ where: (t, { eq }) => eq(t.id, visitId) });
    expect(visit?.hostStaffId).toBe(dara.id);
  });

  it('does not assign a typed host who is not an escort at all', async () => {
    const scene = await escortScene(h);
    const { visitId } = await signInVisitor(h, scene, { hostName: scene.coordinator.name });
    expect(await assignmentsOf(h, visitId)).toEqual([]);
    expect(await outboxOf(h, scene.organisation.id, 'escort_assigned')).toEqual([]);
  });

  it('does not assign an escort whose training is missing', async () => {
    const scene = await escortScene(h);
    const dara = await makeEligibleEscort(h, scene, { name: 'Dara Chan' });
    await h.handle.sql`delete from staff_training where staff_id = ${dara.id}`;
    const { visitId } = await signInVisitor(h, scene, { hostName: 'Dara Chan' });
    expect(await assignmentsOf(h, visitId)).toEqual([]);
  });
});

describe('kiosk sign-out', () => {
  it('ends the escort’s assignment of an escorted visit', async () => {
    const scene = await escortScene(h);
    const dara = await makeEligibleEscort(h, scene, { name: 'Dara Chan' });
    const { visitId, visitCode } = await signInVisitor(h, scene, { hostName: 'Dara Chan' });
    await dara.as().escorts.confirm({ siteId: scene.site.id, visitId });
    expect(await stateOf(h, visitId)).toBe('escorted');

    const out = new Date(Date.now() + 60_000);
    await scene.kioskAs(out).visits.signOut({ visitCode });
    expect(await stateOf(h, visitId)).toBe('signed_out');
    const [assignment] = await assignmentsOf(h, visitId);
    expect(assignment).toMatchObject({ staffId: dara.id, endedAt: out, endReason: 'signed_out' });
    // The escort's phone no longer lists the visitor.
    expect(await dara.as().escorts.mine({ siteId: scene.site.id })).toEqual([]);
  });

  it('ends a pending handover with the visit too', async () => {
    const scene = await escortScene(h);
    const dara = await makeEligibleEscort(h, scene, { name: 'Dara Chan' });
    const lee = await makeEligibleEscort(h, scene, { name: 'Lee Park' });
    const { visitId, visitCode } = await signInVisitor(h, scene, { hostName: 'Dara Chan' });
    await dara.as().escorts.confirm({ siteId: scene.site.id, visitId });
    await dara.as().escorts.offerHandover({ siteId: scene.site.id, visitId, toStaffId: lee.id });

    await scene.kioskAs().visits.signOut({ visitCode });
    expect(await stateOf(h, visitId)).toBe('signed_out');
    const assignments = await assignmentsOf(h, visitId);
    expect(assignments).toHaveLength(1);
    expect(assignments[0]).toMatchObject({ endReason: 'signed_out', offeredToStaffId: null });
    expect(await lee.as().escorts.mine({ siteId: scene.site.id })).toEqual([]);
  });
});
