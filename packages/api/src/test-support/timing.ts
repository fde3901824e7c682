import { randomInt } from 'node:crypto';
import { afterAll } from 'vitest';
import { createContextFactory } from '../context.ts';
import { type AfterCommitHandlers, startAfterCommitWorker } from '../jobs/after-commit.ts';
import { appRouter } from '../root.ts';
import { createCallerFactory } from '../trpc.ts';
import type { EscortScene } from './escort-harness.ts';
import { createHarness, pairKioskAt } from './harness.ts';
import { ksCriticalValue, ksStatistic } from './kolmogorov-smirnov.ts';

/**
 * What the timing tests share: the real router over real PostgreSQL with the server's after-commit worker running
 * beside it (so the work a sign-in hands on competes as it does in production), and tablets to spread sign-ins over.
 */
export function timingHarness(handlers: AfterCommitHandlers) {
  const h = createHarness({ max: 6 });
  const worker = startAfterCommitWorker({
    db: h.db,
    handlers,
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
  /** One at a time, as an admin pairs tablets (pairing attempts are limited per address). */
  const pairKiosks = async (scene: EscortScene, count: number) => {
    const paired = [];
    for (let i = 1; i <= count; i++) paired.push(await pairKioskAt(h, scene.site, `Lobby tablet ${i}`));
    return paired.map((k) => kioskCaller(k.token));
  };
  return { h, pairKiosks };
}

/** `count` of each side in random order, so drift in the machine's speed falls on both sides alike. */
export function interleaved<S extends string>(sides: readonly [S, S], count: number): S[] {
  const all: S[] = [...Array<S>(count).fill(sides[0]), ...Array<S>(count).fill(sides[1])];
  for (let i = all.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [all[i], all[j]] = [all[j] as S, all[i] as S];
  }
  return all;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The two-sample KS statistic of two timing samples against its critical value at α = 0.001, logged. */
export function compareTimings(oracle: string, a: { label: string; ms: number[] }, b: { label: string; ms: number[] }) {
  const d = ksStatistic(a.ms, b.ms);
  const critical = ksCriticalValue(a.ms.length, b.ms.length);
  console.log(
    `[timing] ${oracle}: D = ${d.toFixed(4)} (critical ${critical.toFixed(4)} at α = 0.001, n = m = ${a.ms.length}); ` +
      `median ${median(a.ms).toFixed(2)} ms (${a.label}) vs ${median(b.ms).toFixed(2)} ms (${b.label})`,
  );
  return { d, critical };
}
