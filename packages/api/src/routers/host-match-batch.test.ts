import { createTestStaff } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostMatchHandler } from '../domain/escort/timers.ts';
import {
  assignmentsOf,
  escortScene,
  makeEligibleEscort,
  outboxOf,
  settleHostMatch,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, testPasswordHash, visitorInput } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());
beforeAll(() => testPasswordHash());

type Scene = Awaited<ReturnType<typeof escortScene>>;

/** Signs a visitor in at the scene's kiosk, naming `hostName`, and leaves the host match queued. */
async function signInQueued(scene: Scene, hostName: string) {
  const input = visitorInput(scene, { hostName });
  await scene.kioskAs().visits.signIn(input);
  const visit = await h.db.query.visit.findFirst({
    where: (t, { and, eq }) => and(eq(t.siteId, scene.site.id), eq(t.idempotencyKey, input.idempotencyKey)),
  });
  if (!visit) throw new Error('visit not stored');
  return visit.id;
}

async function hostOf(visitId: string) {
  const row = await h.db.query.visit.findFirst({ where: (t, { eq }) => eq(t.id, visitId) });
  return row?.hostStaffId ?? null;
}

async function kioskOf(visitId: string) {
  const row = await h.db.query.visit.findFirst({ where: (t, { eq }) => eq(t.id, visitId) });
  if (!row?.kioskDeviceId) throw new Error('not a kiosk visit');
  return row.kioskDeviceId;
}

describe('host matching of many sign-ins in one drain', () => {
  it('matches, records, audits and assigns each visit as it would alone', async () => {
    const scene = await escortScene(h);
    const other = await escortScene(h);
    const dara = await makeEligibleEscort(h, scene, { name: 'Dara Chan' });
    // The same name at another organisation's site matches there only.
    const otherDara = await createTestStaff(h.db, {
      organisationId: other.organisation.id,
      siteId: other.site.id,
      roles: ['coordinator'],
      name: 'Dara Chan',
    });
    const add = (name: string) =>
      createTestStaff(h.db, { organisationId: scene.organisation.id, siteId: scene.site.id, roles: ['escort'], name });
    const kim = await add('Kim Hale');
    await add('Twin Name');
    await add('Twin Name');

    const toDara = await signInQueued(scene, 'dara  chan');
    const toDaraAgain = await signInQueued(scene, 'DARA CHAN');
    const toKim = await signInQueued(scene, 'Kim Hale');
    const toTwin = await signInQueued(scene, 'Twin Name');
    const toNobody = await signInQueued(scene, 'Nobody Here');
    const atOther = await signInQueued(other, 'Dara Chan');
    const all = [toDara, toDaraAgain, toKim, toTwin, toNobody, atOther];
    for (const id of all) expect(await hostOf(id)).toBeNull();

    await settleHostMatch(h, all);
    const kiosk = await kioskOf(toDara);

    expect(await Promise.all(all.map(hostOf))).toEqual([dara.id, dara.id, kim.id, null, null, otherDara.id]);
    const matched = await auditRowsOfType(h, scene.organisation.id, 'visit.host_matched');
    expect(matched.map((r) => [r.visitId, r.actorType, r.actorId, r.data])).toEqual([
      [toDara, 'kiosk', kiosk, { staffId: dara.id }],
      [toDaraAgain, 'kiosk', kiosk, { staffId: dara.id }],
      [toKim, 'kiosk', kiosk, { staffId: kim.id }],
    ]);
    const otherMatched = await auditRowsOfType(h, other.organisation.id, 'visit.host_matched');
    expect(otherMatched.map((r) => [r.visitId, r.data])).toEqual([[atOther, { staffId: otherDara.id }]]);

    // Only the eligible escort is assigned (Kim has no training, policy or duty; the other Dara is no escort).
    for (const id of [toDara, toDaraAgain]) {
      expect((await assignmentsOf(h, id)).map((a) => [a.staffId, a.endedAt])).toEqual([[dara.id, null]]);
    }
    for (const id of [toKim, toTwin, toNobody, atOther]) expect(await assignmentsOf(h, id)).toEqual([]);
    const assigned = await auditRowsOfType(h, scene.organisation.id, 'escort.assigned');
    expect(assigned.map((r) => [r.visitId, r.actorType, r.actorId, r.data])).toEqual([
      [toDara, 'kiosk', kiosk, { staffId: dara.id, previousStaffId: null, how: 'host_match' }],
      [toDaraAgain, 'kiosk', kiosk, { staffId: dara.id, previousStaffId: null, how: 'host_match' }],
    ]);
    // Each visit's match is on the record before its assignment.
    const ids = (rows: { id: number; visitId: string | null }[], v: string) => rows.find((r) => r.visitId === v)?.id;
    expect(ids(matched, toDara) ?? Infinity).toBeLessThan(ids(assigned, toDara) ?? 0);
    // One email waits for Dara, listing both visitors when it is sent.
    expect(await outboxOf(h, scene.organisation.id, 'escort_assigned')).toHaveLength(1);
  });

  it('handed the same visits again, changes nothing and writes no second record', async () => {
    const scene = await escortScene(h);
    const dara = await makeEligibleEscort(h, scene, { name: 'Dara Chan' });
    const visits = [await signInQueued(scene, 'Dara Chan'), await signInQueued(scene, 'Dara Chan')];
    await settleHostMatch(h, visits);
    const snapshot = async () => ({
      matched: await auditRowsOfType(h, scene.organisation.id, 'visit.host_matched'),
      assigned: await auditRowsOfType(h, scene.organisation.id, 'escort.assigned'),
      assignments: await Promise.all(visits.map((v) => assignmentsOf(h, v))),
      emails: await outboxOf(h, scene.organisation.id, 'escort_assigned'),
    });
    const before = await snapshot();
    expect(before.assignments.map((a) => a.map((x) => x.staffId))).toEqual([[dara.id], [dara.id]]);

    await h.db.transaction((tx) =>
      hostMatchHandler.host_match(
        [...visits, ...visits].map((visitId) => ({ visitId })),
        tx,
      ),
    );

    expect(await snapshot()).toEqual(before);
  });
});
