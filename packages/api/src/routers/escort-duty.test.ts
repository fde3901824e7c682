import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertsOf,
  assignmentsOf,
  type EscortScene,
  escortScene,
  type Member,
  makeEligibleEscort,
  member,
  outboxOf,
  refused,
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
let admin: Member;
let reception: Member;

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  site = scene.site.id;
  org = scene.organisation.id;
  [admin, reception] = await Promise.all([
    member(h, scene.site, ['admin'], 'Ada Admin'),
    member(h, scene.site, ['reception'], 'Rae Reception'),
  ]);
});

const auditOf = async (type: string, visitId: string) =>
  (await auditRowsOfType(h, org, type)).filter((r) => r.visitId === visitId);

/** An eligible escort holding a confirmed visitor. */
async function escortWithVisitor(name: string) {
  const escort = await makeEligibleEscort(h, scene, { name });
  const visit = await signInVisitor(h, scene, { hostName: name });
  await escort.as().escorts.confirm({ siteId: site, visitId: visit.visitId });
  expect(await stateOf(h, visit.visitId)).toBe('escorted');
  return { escort, ...visit };
}

describe('going off duty', () => {
  it('with a visitor: back to awaiting_escort, assignment ended off_duty, alert, escort.lost, coordinators emailed', async () => {
    const { escort, visitId } = await escortWithVisitor('Ana Silva');
    const t = new Date(Date.now() + 5000);
    await escort.as(t).staff.setDuty({ siteId: site, onDuty: false });

    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
    const [a] = await assignmentsOf(h, visitId);
    expect(a).toMatchObject({ staffId: escort.id, endedAt: t, endReason: 'off_duty' });
    const alerts = await alertsOf(h, visitId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'escort_off_duty', staffId: escort.id, raisedAt: t, acknowledgedAt: null });
    const lost = await auditOf('escort.lost', visitId);
    expect(lost.map((r) => [r.actorType, r.data])).toEqual([['system', { staffId: escort.id, reason: 'off_duty' }]]);
    const duty = (await auditRowsOfType(h, org, 'staff.duty_changed')).filter((r) => r.actorId === escort.id);
    expect(duty.map((r) => r.data)).toEqual([{ onDuty: true }, { onDuty: false }]);
    const mail = (await outboxOf(h, org, 'alert_raised')).filter((m) => m.visitId === visitId);
    expect(mail.map((m) => [m.toAddress, m.payload])).toEqual([[scene.coordinator.email, { kind: 'escort_off_duty' }]]);
    // Now off duty, the escort cannot be given the visitor back.
    await refused(
      reception.as().escorts.assign({ siteId: site, visitId, staffId: escort.id }),
      'CONFLICT',
      /not on duty/,
    );
  });

  it('while offering a handover: the offer goes too, the visitor waits for an escort', async () => {
    const { escort, visitId } = await escortWithVisitor('Ben Okoro');
    const other = await makeEligibleEscort(h, scene, { name: 'Cy Tan' });
    await escort.as().escorts.offerHandover({ siteId: site, visitId, toStaffId: other.id });
    await escort.as().staff.setDuty({ siteId: site, onDuty: false });

    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
    const [a] = await assignmentsOf(h, visitId);
    expect(a).toMatchObject({ endReason: 'off_duty', offeredToStaffId: null });
    await refusedWritingNothing(
      h,
      org,
      () => other.as().escorts.acceptHandover({ siteId: site, visitId }),
      'FORBIDDEN',
    );
  });

  it('with an unconfirmed visitor: the assignment ends and the alert is raised', async () => {
    const dee = await makeEligibleEscort(h, scene, { name: 'Dee Diaz' });
    const { visitId } = await signInVisitor(h, scene, { hostName: 'Dee Diaz' });
    await dee.as().staff.setDuty({ siteId: site, onDuty: false });
    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
    expect((await assignmentsOf(h, visitId)).map((a) => a.endReason)).toEqual(['off_duty']);
    expect((await alertsOf(h, visitId)).map((a) => a.kind)).toEqual(['escort_off_duty']);
  });

  it('with no visitor: no alert and no escort.lost', async () => {
    const eve = await makeEligibleEscort(h, scene, { name: 'Eve Idle' });
    const before = (await auditRowsOfType(h, org, 'escort.lost')).length;
    const alertsBefore = await h.db.query.alert.findMany({ where: (t, { eq }) => eq(t.staffId, eve.id) });
    await eve.as().staff.setDuty({ siteId: site, onDuty: false });
    expect((await auditRowsOfType(h, org, 'escort.lost')).length).toBe(before);
    expect(alertsBefore).toEqual([]);
    expect(await h.db.query.alert.findMany({ where: (t, { eq }) => eq(t.staffId, eve.id) })).toEqual([]);
    expect((await eve.as().staff.myStatus({ siteId: site })).onDuty).toBe(false);
  });
});

describe('deactivation by an admin', () => {
  it('ends the assignment as deactivated, raises escort_deactivated, and refuses the session afterwards', async () => {
    const { escort, visitId } = await escortWithVisitor('Fay Gone');
    const t = new Date(Date.now() + 5000);
    await admin.as(t).staff.deactivate({ siteId: site, staffId: escort.id });

    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
    const [a] = await assignmentsOf(h, visitId);
    expect(a).toMatchObject({ staffId: escort.id, endedAt: t, endReason: 'deactivated' });
    expect((await alertsOf(h, visitId)).map((x) => [x.kind, x.staffId])).toEqual([['escort_deactivated', escort.id]]);
    const lost = await auditOf('escort.lost', visitId);
    expect(lost.map((r) => r.data)).toEqual([{ staffId: escort.id, reason: 'deactivated' }]);
    const deactivated = (await auditRowsOfType(h, org, 'staff.deactivated')).filter(
      (r) => (r.data as { staffId?: string }).staffId === escort.id,
    );
    expect(deactivated.map((r) => [r.actorType, r.actorId])).toEqual([['staff', admin.id]]);
    const mail = (await outboxOf(h, org, 'alert_raised')).filter((m) => m.visitId === visitId);
    expect(mail.map((m) => [m.toAddress, m.payload])).toEqual([
      [scene.coordinator.email, { kind: 'escort_deactivated' }],
    ]);

    // The old session cookie no longer works, for any procedure.
    await refused(escort.as().escorts.mine({ siteId: site }), 'UNAUTHORIZED');
    await refused(escort.as().staff.me(), 'UNAUTHORIZED');
    await refused(escort.as().staff.setDuty({ siteId: site, onDuty: true }), 'UNAUTHORIZED');
  });

  it('is FORBIDDEN to a coordinator and BAD_REQUEST for oneself', async () => {
    const gus = await makeEligibleEscort(h, scene, { name: 'Gus Kept' });
    await refusedWritingNothing(
      h,
      org,
      () => scene.coordinator.as().staff.deactivate({ siteId: site, staffId: gus.id }),
      'FORBIDDEN',
    );
    await refusedWritingNothing(
      h,
      org,
      () => admin.as().staff.deactivate({ siteId: site, staffId: admin.id }),
      'BAD_REQUEST',
    );
    expect((await gus.as().staff.me()).id).toBe(gus.id);
  });

  it('cannot reach a member of staff of another organisation', async () => {
    const other = await escortScene(h);
    const stranger = await makeEligibleEscort(h, other, { name: 'Sam Stranger' });
    const err = await admin
      .as()
      .staff.deactivate({ siteId: site, staffId: stranger.id })
      .then(
        () => null,
        (e: unknown) => e,
      );
    const row = await h.db.query.staff.findFirst({ where: (t, { eq }) => eq(t.id, stranger.id) });
    expect(row?.active).toBe(true);
    expect(err).not.toBeNull();
    expect((await stranger.as().staff.me()).id).toBe(stranger.id);
  });
});
