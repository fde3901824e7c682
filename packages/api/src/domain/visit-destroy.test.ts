import { createDb, destroyVisits, VisitHeldError } from '@threshold/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type EscortScene, escortScene } from '../test-support/escort-harness.ts';
import { createHarness } from '../test-support/harness.ts';
import { NOTHING_LEFT, rowsOfVisit, visitWithEverything } from '../test-support/retention-scene.ts';

const h = createHarness();
// Signatures and acknowledgements may be deleted only by the owner role, as the purge and erasure run.
const owner = createDb(inject('ownerDatabaseUrl'), { max: 1 });
let scene: EscortScene;

beforeAll(async () => {
  scene = await escortScene(h);
});
afterAll(async () => {
  await owner.close();
  await h.close();
});

describe('destroyVisits', () => {
  it('removes the visit and every personal row tied to it; roll call keeps a "record removed" row', async () => {
    const a = await visitWithEverything(h, scene, { fullName: 'Ada Destroyed', signedOutAt: new Date() });
    const b = await visitWithEverything(h, scene, { fullName: 'Bo Kept', signedOutAt: new Date() });

    const counts = await owner.db.transaction((tx) => destroyVisits(tx, { visitIds: [a.visitId] }));

    expect(counts).toMatchObject({
      visits: 1,
      signatures: 1,
      alerts: 1,
      escortAssignments: 1,
      outboxMessages: 1,
      releasedHolds: 1,
      concerns: 1,
      disclosureLinks: 1,
      rollCallEntries: 1,
    });
    expect(counts.acknowledgements).toBeGreaterThan(0);
    expect(await rowsOfVisit(h, a.visitId)).toEqual(NOTHING_LEFT);
    // The other visit is untouched.
    expect((await rowsOfVisit(h, b.visitId)).visit).toBe(1);
    expect((await rowsOfVisit(h, b.visitId)).signature).toBe(1);
    // The register keeps the request (its own period), and the roll call its row, without the visit.
    const [request] = await h.handle.sql`select id from disclosure_request where id = ${a.disclosureId}`;
    expect(request).toBeDefined();
    const entries = await h.handle.sql`select kind, visit_id from roll_call_entry where roll_call_id = ${a.rollCallId}`;
    expect(entries).toEqual([{ kind: 'visitor', visit_id: null }]);
    // The coordinator's view of that roll call still counts the person, shown without a name.
    const view = await scene.coordinator.as().rollCall.get({ siteId: scene.site.id, rollCallId: a.rollCallId });
    expect(view.visitors).toEqual([expect.objectContaining({ name: null, visitCode: null, category: null })]);
    expect(view.counts.total).toBe(1);
  });

  it('refuses a visit with an active hold and destroys nothing of the batch', async () => {
    const held = await visitWithEverything(h, scene, { fullName: 'Hal Held', signedOutAt: new Date() });
    const free = await visitWithEverything(h, scene, { fullName: 'Fay Free', signedOutAt: new Date() });
    await scene.coordinator.as().safeguarding.hold({
      siteId: scene.site.id,
      visitId: held.visitId,
      reason: 'legal_request',
      note: '',
      reviewBy: '2031-09-01',
    });

    const attempt = owner.db.transaction((tx) => destroyVisits(tx, { visitIds: [free.visitId, held.visitId] }));
    await expect(attempt).rejects.toBeInstanceOf(VisitHeldError);
    await expect(attempt).rejects.toMatchObject({ visitIds: [held.visitId] });
    expect((await rowsOfVisit(h, held.visitId)).visit).toBe(1);
    expect(await rowsOfVisit(h, free.visitId)).toMatchObject({ visit: 1, signature: 1, holds: 1 });
  });

  it('is refused to the application role, which may not delete signed records', async () => {
    const v = await visitWithEverything(h, scene, { fullName: 'Al App', signedOutAt: new Date() });
    await expect(h.db.transaction((tx) => destroyVisits(tx, { visitIds: [v.visitId] }))).rejects.toThrow();
    expect((await rowsOfVisit(h, v.visitId)).signature).toBe(1);
  });
});
