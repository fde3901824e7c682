import { schema } from '@threshold/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BADGE_ESCORT_WINDOW_MINUTES } from '../domain/badge-escort.ts';
import {
  anotherKiosk,
  type EscortScene,
  escortScene,
  givePin,
  makeEligibleEscort,
  refused,
  signInVisitor,
} from '../test-support/escort-harness.ts';
import { callerFor, createHarness, testPasswordHash } from '../test-support/harness.ts';

const h = createHarness({ max: 4 });
afterAll(() => h.close());

let scene: EscortScene;
beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
});

const nothing = { escortName: null };

describe('kiosk.badgeEscort', () => {
  it('tells the badge the escort’s short name once they confirm on their phone, and nothing before', async () => {
    const escort = await makeEligibleEscort(h, scene, { name: 'Sophea Chan Dara' });
    const visit = await signInVisitor(h, scene, { hostName: 'Sophea Chan Dara' });
    const kiosk = scene.kioskAs();
    expect(await kiosk.kiosk.badgeEscort({ visitCode: visit.visitCode })).toEqual(nothing);

    await escort.as().escorts.confirm({ siteId: scene.site.id, visitId: visit.visitId });
    expect(await kiosk.kiosk.badgeEscort({ visitCode: visit.visitCode })).toEqual({ escortName: 'Sophea D.' });
    // The code as typed or printed on the badge, with its space, finds the same visit.
    const spaced = `${visit.visitCode.slice(0, 3)} ${visit.visitCode.slice(3).toLowerCase()}`;
    expect(await kiosk.kiosk.badgeEscort({ visitCode: spaced })).toEqual({ escortName: 'Sophea D.' });
  });

  it('also after a PIN confirmation at the kiosk', async () => {
    const escort = await makeEligibleEscort(h, scene, { name: 'Kwame Mensah' });
    await givePin(escort, '482913');
    const visit = await signInVisitor(h, scene, { hostName: 'Kwame Mensah' });
    const kiosk = scene.kioskAs();
    await kiosk.kiosk.confirmEscortWithPin({ visitCode: visit.visitCode, pin: '482913' });
    expect(await kiosk.kiosk.badgeEscort({ visitCode: visit.visitCode })).toEqual({ escortName: 'Kwame M.' });
  });

  it('answers the same for another kiosk’s visit, an older visit, a signed-out visit and no such visit', async () => {
    const escort = await makeEligibleEscort(h, scene, { name: 'Amara Nwosu' });
    const ours = await signInVisitor(h, scene, { hostName: 'Amara Nwosu' });
    const old = await signInVisitor(h, scene, { hostName: 'Amara Nwosu' });
    const gone = await signInVisitor(h, scene, { hostName: 'Amara Nwosu' });
    for (const v of [ours, old, gone]) {
      await escort.as().escorts.confirm({ siteId: scene.site.id, visitId: v.visitId });
    }
    const kiosk = scene.kioskAs();
    // Each is seen by its own kiosk while it is recent and on site (checked first, so the refusals below mean it).
    for (const v of [ours, old, gone]) {
      expect(await kiosk.kiosk.badgeEscort({ visitCode: v.visitCode })).toEqual({ escortName: 'Amara N.' });
    }

    const recordedAt = new Date(Date.now() - (BADGE_ESCORT_WINDOW_MINUTES + 1) * 60_000);
    await h.db.update(schema.visit).set({ recordedAt }).where(eq(schema.visit.id, old.visitId));
    await kiosk.visits.signOut({ visitCode: gone.visitCode });

    const other = await anotherKiosk(h, scene);
    expect(await other.kiosk.badgeEscort({ visitCode: ours.visitCode })).toEqual(nothing);
    expect(await kiosk.kiosk.badgeEscort({ visitCode: old.visitCode })).toEqual(nothing);
    expect(await kiosk.kiosk.badgeEscort({ visitCode: gone.visitCode })).toEqual(nothing);
    const unused = ['ACDEFG', 'XYXYXY', 'QQQQQQ'].find((c) => ![ours, old, gone].some((v) => v.visitCode === c));
    expect(await kiosk.kiosk.badgeEscort({ visitCode: unused ?? 'ACDEFG' })).toEqual(nothing);
  });

  it('is for paired kiosks only: no member of staff, no anonymous caller, no malformed code', async () => {
    const visit = await signInVisitor(h, scene, { hostName: 'Nobody Here' });
    await refused(scene.coordinator.as().kiosk.badgeEscort({ visitCode: visit.visitCode }), 'UNAUTHORIZED');
    await refused(callerFor(h, {}).kiosk.badgeEscort({ visitCode: visit.visitCode }), 'UNAUTHORIZED');
    await refused(scene.kioskAs().kiosk.badgeEscort({ visitCode: 'B0B0B0' }), 'BAD_REQUEST');
  });
});
