import { beforeAll, describe, expect, it } from 'vitest';
import { screeningAlertHandler } from '../domain/deny-list/screening.ts';
import { hostMatchHandler } from '../domain/escort/timers.ts';
import { notifyHandler } from '../jobs/after-commit.ts';
import { type EscortScene, escortScene } from '../test-support/escort-harness.ts';
import { testPasswordHash, visitorInput } from '../test-support/harness.ts';
import { compareTimings, interleaved, timingHarness } from '../test-support/timing.ts';

// What a person at the kiosk could learn from how long the sign-in takes: whether their name is on the deny list.
// Denied and ordinary names are signed in interleaved in random order, through the real router against real
// PostgreSQL, with the after-commit worker (which raises the screening alert) running beside it, as in
// kiosk-timing.test.ts. The two samples' distributions must not differ at α = 0.001 (two-sample KS).

const SAMPLES = 200;
const WARM_UP = 10;
// Spread so no tablet comes near its sign-in limit (SIGN_IN_LIMITS).
const KIOSKS = 20;

const { h, pairKiosks } = timingHarness({ ...notifyHandler, ...hostMatchHandler, ...screeningAlertHandler });

let scene: EscortScene;
let kiosks: Awaited<ReturnType<typeof pairKiosks>> = [];

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  await scene.coordinator.as().denyList.add({
    siteId: scene.site.id,
    fullName: 'Morgan Denied',
    aliases: ['Morgan Other'],
    reason: 'Timing test entry',
    reviewBy: '2030-01-01',
  });
  kiosks = await pairKiosks(scene, KIOSKS);
}, 60_000);

const SIDES = ['denied', 'ordinary'] as const;
type Side = (typeof SIDES)[number];

describe('what the kiosk’s timing tells about the deny list', () => {
  it('a sign-in takes as long whether the name is on the deny list or not', async () => {
    const samples: Record<Side, number[]> = { denied: [], ordinary: [] };
    const sides = [...interleaved(SIDES, WARM_UP), ...interleaved(SIDES, SAMPLES)];
    for (const [n, side] of sides.entries()) {
      const kiosk = kiosks[n % KIOSKS];
      if (!kiosk) throw new Error('no kiosk');
      // Names of the same length, so only the deny list differs.
      const input = visitorInput(scene, { fullName: side === 'denied' ? 'Morgan Denied' : 'Morgan Unlist' });
      const start = process.hrtime.bigint();
      const receipt = await kiosk.visits.signIn(input);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      expect(receipt.visitCode).toMatch(/^[A-Z0-9]{6}$/);
      if (n >= 2 * WARM_UP) samples[side].push(ms);
    }
    const [held] = await h.handle.sql<{ screening: number }[]>`
      select count(*)::int as screening from visit where site_id = ${scene.site.id} and state = 'screening'`;
    expect(held?.screening).toBe(SAMPLES + WARM_UP);

    const { d, critical } = compareTimings(
      'deny-list match at sign-in',
      { label: 'denied', ms: samples.denied },
      { label: 'ordinary', ms: samples.ordinary },
    );
    expect(d).toBeLessThan(critical);
  }, 90_000);
});
