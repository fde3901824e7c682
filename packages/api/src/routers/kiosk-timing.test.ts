import { beforeAll, describe, expect, it } from 'vitest';
import { hostMatchHandler } from '../domain/escort/timers.ts';
import { notifyHandler } from '../jobs/after-commit.ts';
import {
  type EscortScene,
  escortScene,
  givePin,
  makeEligibleEscort,
  settleHostMatch,
} from '../test-support/escort-harness.ts';
import { testPasswordHash, visitorInput } from '../test-support/harness.ts';
import { compareTimings, interleaved, timingHarness } from '../test-support/timing.ts';

// What a person at the kiosk could learn from how long an answer takes: whether the name they typed belongs to an
// escort on duty, and whether a visit has an escort waiting for a PIN. Each oracle is sampled on both sides,
// interleaved in random order, through the real router against real PostgreSQL, with the server's after-commit
// worker running beside it. The two samples' distributions must not differ at α = 0.001 (two-sample KS).

const SAMPLES = 200;
const WARM_UP = 10;
// Spread so no tablet comes near its sign-in limit (SIGN_IN_LIMITS): about 21 sign-ins each in under a minute.
const KIOSKS = 20;

const { h, pairKiosks } = timingHarness({ ...notifyHandler, ...hostMatchHandler });

let scene: EscortScene;
let kiosks: Awaited<ReturnType<typeof pairKiosks>> = [];

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  const dara = await makeEligibleEscort(h, scene, { name: 'Dara Chan' });
  await givePin(dara, '246813');
  kiosks = await pairKiosks(scene, KIOSKS);
}, 60_000);

const SIDES = ['match', 'none'] as const;
type Side = (typeof SIDES)[number];

async function timed(call: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await call().catch(() => {});
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const report = (oracle: string, samples: Record<Side, number[]>) =>
  compareTimings(oracle, { label: 'match', ms: samples.match }, { label: 'no match', ms: samples.none });

const visitCodes: Record<Side, string[]> = { match: [], none: [] };

describe('what the kiosk’s timing tells', () => {
  it('a sign-in takes as long whether the host typed is an escort on duty or an invented name', async () => {
    const samples: Record<Side, number[]> = { match: [], none: [] };
    const sides = [...interleaved(SIDES, WARM_UP), ...interleaved(SIDES, SAMPLES)];
    for (const [n, side] of sides.entries()) {
      const kiosk = kiosks[n % KIOSKS];
      if (!kiosk) throw new Error('no kiosk');
      const input = visitorInput(scene, { hostName: side === 'match' ? 'Dara Chan' : 'Morgan Invented' });
      let code = '';
      const ms = await timed(async () => {
        code = (await kiosk.visits.signIn(input)).visitCode;
      });
      expect(code).toMatch(/^[A-Z0-9]{6}$/);
      visitCodes[side].push(code);
      if (n >= 2 * WARM_UP) samples[side].push(ms);
    }
    const { d, critical } = report('sign-in host match', samples);
    expect(d).toBeLessThan(critical);
  }, 60_000);

  it('a wrong PIN takes as long whether the visit has an escort waiting or none', async () => {
    // Every escort assignment from the sign-ins above has happened.
    const visits = await h.db.query.visit.findMany({ where: (t, { eq }) => eq(t.siteId, scene.site.id) });
    await settleHostMatch(
      h,
      visits.map((v) => v.id),
    );
    const [row] = await h.handle.sql<{ assigned: number }[]>`
      select count(*)::int as assigned from escort_assignment a join visit v on v.id = a.visit_id
      where v.site_id = ${scene.site.id} and a.ended_at is null and a.confirmed_at is null`;
    expect(row?.assigned).toBe(SAMPLES + WARM_UP);

    const samples: Record<Side, number[]> = { match: [], none: [] };
    const next: Record<Side, number> = { match: 0, none: 0 };
    const sides = [...interleaved(SIDES, WARM_UP), ...interleaved(SIDES, SAMPLES)];
    const kiosk = kiosks[0];
    if (!kiosk) throw new Error('no kiosk');
    for (const [n, side] of sides.entries()) {
      const visitCode = visitCodes[side][next[side]++] ?? '';
      // Each attempt is measured below the PIN limits (tested in escort-pin.test.ts): the counters start afresh.
      await h.handle.sql`delete from rate_limit where key like 'pin-%'`;
      let refusal = '';
      const ms = await timed(() =>
        kiosk.kiosk.confirmEscortWithPin({ visitCode, pin: '999999' }).catch((err: { code?: string }) => {
          refusal = err.code ?? '';
        }),
      );
      expect(refusal).toBe('NOT_FOUND');
      if (n >= 2 * WARM_UP) samples[side].push(ms);
    }
    const { d, critical } = report('PIN with an escort assigned', samples);
    expect(d).toBeLessThan(critical);
  }, 90_000);
});
