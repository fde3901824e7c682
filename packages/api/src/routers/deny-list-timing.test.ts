import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContextFactory } from '../context.ts';
import { screeningAlertHandler } from '../domain/deny-list/screening.ts';
import { hostMatchHandler } from '../domain/escort/timers.ts';
import { notifyHandler, startAfterCommitWorker } from '../jobs/after-commit.ts';
import { appRouter } from '../root.ts';
import { type EscortScene, escortScene } from '../test-support/escort-harness.ts';
import { createHarness, pairKioskAt, testPasswordHash, visitorInput } from '../test-support/harness.ts';
import { ksCriticalValue, ksStatistic } from '../test-support/kolmogorov-smirnov.ts';
import { createCallerFactory } from '../trpc.ts';

// What a person at the kiosk could learn from how long the sign-in takes: whether their name is on the deny list.
// Denied and ordinary names are signed in interleaved in random order, through the real router against real
// PostgreSQL, with the after-commit worker (which raises the screening alert) running beside it, as in
// kiosk-timing.test.ts. The two samples' distributions must not differ at α = 0.001 (two-sample KS).

const SAMPLES = 200;
const WARM_UP = 10;
// Spread so no tablet comes near its sign-in limit (SIGN_IN_LIMITS).
const KIOSKS = 20;

const h = createHarness({ max: 6 });
const worker = startAfterCommitWorker({
  db: h.db,
  handlers: { ...notifyHandler, ...hostMatchHandler, ...screeningAlertHandler },
  onError: (where, err) => console.error(where, err),
  intervalMs: 200,
});
afterAll(async () => {
  await worker.stop();
  await h.close();
});

const createCaller = createCallerFactory(appRouter);
const context = createContextFactory({ db: h.db, auth: h.auth, afterCommit: worker });
const kioskCaller = (token: string) =>
  createCaller(
    context({ req: new Request('http://localhost/trpc', { headers: { authorization: `Bearer ${token}` } }) }),
  );

let scene: EscortScene;
let kiosks: ReturnType<typeof kioskCaller>[] = [];

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
  const paired = [];
  for (let i = 1; i <= KIOSKS; i++) paired.push(await pairKioskAt(h, scene.site, `Lobby tablet ${i}`));
  kiosks = paired.map((k) => kioskCaller(k.token));
}, 60_000);

type Side = 'denied' | 'ordinary';

function interleaved(count: number): Side[] {
  const sides: Side[] = [...Array<Side>(count).fill('denied'), ...Array<Side>(count).fill('ordinary')];
  for (let i = sides.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [sides[i], sides[j]] = [sides[j] as Side, sides[i] as Side];
  }
  return sides;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

describe('what the kiosk’s timing tells about the deny list', () => {
  it('a sign-in takes as long whether the name is on the deny list or not', async () => {
    const samples: Record<Side, number[]> = { denied: [], ordinary: [] };
    const sides = [...interleaved(WARM_UP), ...interleaved(SAMPLES)];
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

    const d = ksStatistic(samples.denied, samples.ordinary);
    const critical = ksCriticalValue(samples.denied.length, samples.ordinary.length);
    console.log(
      `[timing] deny-list match at sign-in: D = ${d.toFixed(4)} (critical ${critical.toFixed(4)} at α = 0.001, ` +
        `n = m = ${SAMPLES}); median ${median(samples.denied).toFixed(2)} ms (denied) vs ` +
        `${median(samples.ordinary).toFixed(2)} ms (ordinary)`,
    );
    expect(d).toBeLessThan(critical);
  }, 90_000);
});
