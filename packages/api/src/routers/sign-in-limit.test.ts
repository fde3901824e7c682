import { afterAll, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS, SIGN_IN_TOO_MANY } from '../domain/sign-in-rules.ts';
import {
  auditRowsOfType,
  callerFor,
  createHarness,
  errorOf,
  httpCall,
  kioskScene,
  visitorInput,
} from '../test-support/harness.ts';

// Enough connections for the parallel attempts to really run side by side.
const h = createHarness({ max: 10 });
afterAll(() => h.close());

const HOUR = 60 * 60 * 1000;
type Scene = Awaited<ReturnType<typeof kioskScene>>;

const signIn = (scene: Scene, input: ReturnType<typeof visitorInput>) =>
  httpCall(h, { kioskToken: scene.kiosk.token }, { path: 'visits.signIn', type: 'mutation', input });

async function visitsAt(scene: Scene) {
  return h.db.query.visit.findMany({ where: (t, { eq }) => eq(t.siteId, scene.site.id) });
}

describe('how many sign-ins one tablet may record', () => {
  it('takes the first 30 of 50 parallel sign-ins and refuses the rest with a plain message, storing nothing', async () => {
    const scene = await kioskScene(h);
    const inputs = Array.from({ length: 50 }, (_, i) => visitorInput(scene, { fullName: `Visitor${i} Flood` }));
    const results = await Promise.all(inputs.map((input) => signIn(scene, input)));

    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(ok).toHaveLength(SIGN_IN_LIMITS.perMinute);
    expect(refused).toHaveLength(50 - SIGN_IN_LIMITS.perMinute);
    for (const r of refused) {
      expect(r.status).toBe(429);
      expect(errorOf(r).message).toBe(SIGN_IN_TOO_MANY);
    }
    expect(await visitsAt(scene)).toHaveLength(SIGN_IN_LIMITS.perMinute);
    expect(await auditRowsOfType(h, scene.organisation.id, 'visit.signed_in')).toHaveLength(SIGN_IN_LIMITS.perMinute);

    // A resent sign-in the server already holds still gets its receipt, and is not counted again.
    const taken = inputs.filter((_, i) => results[i]?.status === 200);
    const resent = await Promise.all(taken.map((input) => signIn(scene, input)));
    for (const r of resent) {
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ result: { data: { json: { replayed: true } } } });
    }
    const [row] = await h.handle.sql<{ count: number }[]>`
      select count from rate_limit where key = ${`kiosk-sign-in-minute:${scene.kiosk.deviceId}`}`;
    expect(row?.count).toBe(SIGN_IN_LIMITS.perMinute);
    expect(await visitsAt(scene)).toHaveLength(SIGN_IN_LIMITS.perMinute);
  });

  it('does not refuse what a tablet kept through an outage on its reserved codes, even in a busy minute', async () => {
    const scene = await kioskScene(h);
    const kiosk = scene.caller;
    const { codes } = await kiosk.kiosk.heartbeat({ queued: 0, queuedSince: null, usedThroughSeq: 0 });
    expect(codes.length).toBeGreaterThan(0);

    // The server's clock two hours on: the tablet kept these sign-ins for an hour and sends them all at once.
    const later = new Date(Date.now() + 2 * HOUR);
    const kept = codes.map((c, i) =>
      visitorInput(scene, {
        fullName: `Kept${i} Visitor`,
        visitCode: c.code,
        signedAt: new Date(later.getTime() - HOUR + i * 60_000),
      }),
    );
    // The minute is already full of sign-ins made at the tablet now.
    const live = Array.from({ length: SIGN_IN_LIMITS.perMinute }, (_, i) =>
      visitorInput(scene, { fullName: `Live${i} Visitor` }),
    );
    const lateCaller = callerFor(h, { kioskToken: scene.kiosk.token, now: later });
    await Promise.all(live.map((input) => lateCaller.visits.signIn(input)));
    const delivered = await Promise.all(kept.map((input) => lateCaller.visits.signIn(input)));
    expect(delivered.map((r) => r.visitCode)).toEqual(codes.map((c) => c.code));
    expect(await visitsAt(scene)).toHaveLength(SIGN_IN_LIMITS.perMinute + codes.length);

    // A sign-in that claims an old time without one of the tablet's codes is counted like any other.
    const pretend = visitorInput(scene, { fullName: 'Pretend Late', signedAt: new Date(later.getTime() - HOUR) });
    await expect(lateCaller.visits.signIn(pretend)).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: SIGN_IN_TOO_MANY,
    });
  });
});
