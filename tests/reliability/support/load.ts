import { setTimeout as sleep } from 'node:timers/promises';
import { watchHealth } from './health.ts';
import { type Fleet, startKiosks } from './kiosks.ts';
import { RECOVERY_LIMIT_SECONDS, sizes } from './sizes.ts';

/** One fault, from its start to the moment it ended (server started again, PostgreSQL back, terminations over). */
export interface FaultWindow {
  startedAt: number;
  endedAt: number;
  /** What happened, for the scenario's printout. */
  note: string;
}

export interface Cycle extends FaultWindow {
  /** The first sign-in acknowledged after the fault ended; null if none came within the wait. */
  recoveredAt: number | null;
  /** The first /health 200 after the fault ended. */
  healthyAt: number | null;
}

export interface LoadRun {
  fleet: Fleet;
  cycles: Cycle[];
  unfinished: string[];
  seconds: number;
}

// After a fault, how long to wait for sign-ins to be acknowledged again before giving up on this cycle. Twice the
// limit, so a slow recovery is measured (and reported) rather than cut off.
const RECOVERY_WAIT_MS = 2 * RECOVERY_LIMIT_SECONDS * 1000;
// Normal load between one recovery and the next fault, so each fault hits a server that is busy, not recovering.
const SETTLE_MS = 2000;

/**
 * Runs the kiosks for `sizes.loadSeconds` and injects `fault` into that load: after a short warm-up, then again
 * after each recovery while the time allows (a longer run repeats the fault), at least once and at most
 * `maxCycles` times. The load goes on for a little while after the last recovery; then every kiosk finishes the
 * journey in hand, retrying it until it is acknowledged.
 */
export async function runFaultUnderLoad(options: {
  url: string;
  tokens: string[];
  prefix: string;
  fault: (cycle: number) => Promise<FaultWindow>;
  maxCycles?: number;
}): Promise<LoadRun> {
  const started = Date.now();
  const loadEnd = started + sizes.loadSeconds * 1000;
  const health = watchHealth(options.url);
  const fleet = startKiosks({
    url: options.url,
    tokens: options.tokens,
    prefix: options.prefix,
    thinkMs: sizes.thinkMs,
  });
  const cycles: Cycle[] = [];
  let failure: unknown = null;
  try {
    await sleep(Math.max(2000, sizes.loadSeconds * 150));
    for (let n = 1; n <= (options.maxCycles ?? Number.POSITIVE_INFINITY); n++) {
      const cycleStarted = Date.now();
      const window = await options.fault(n);
      const recoveredAt = await firstAcknowledgementAfter(fleet, window.endedAt);
      cycles.push({ ...window, recoveredAt, healthyAt: null });
      if (recoveredAt === null) break;
      await sleep(SETTLE_MS);
      // Another cycle only if it would end before the load does.
      if (Date.now() + (Date.now() - cycleStarted) > loadEnd) break;
    }
    const lastRecovery = cycles.at(-1)?.recoveredAt ?? Date.now();
    await sleep(Math.max(0, loadEnd - Date.now(), lastRecovery + SETTLE_MS - Date.now()));
  } catch (err) {
    failure = err;
  }
  // A fault that could not be injected fails the test: the kiosks then get only a short while to finish.
  const { unfinished } = await fleet.stop(failure ? 10_000 : undefined);
  await health.stop();
  if (failure) throw failure;
  for (const cycle of cycles) cycle.healthyAt = health.healthyAfter(cycle.endedAt);
  return { fleet, cycles, unfinished, seconds: (Date.now() - started) / 1000 };
}

async function firstAcknowledgementAfter(fleet: Fleet, t: number): Promise<number | null> {
  const deadline = t + RECOVERY_WAIT_MS;
  for (;;) {
    const first = fleet.signIns.find((s) => s.ackAt >= t);
    if (first) return first.ackAt;
    if (Date.now() > deadline) return null;
    await sleep(50);
  }
}

/**
 * Seconds from each fault's end to the first acknowledged sign-in; the worst cycle counts. A cycle that never
 * recovered counts as the whole wait (a lower bound), so the figure stays a number and fails the limit.
 */
export function worstRecoverySeconds(cycles: Cycle[]): number {
  const each = cycles.map((c) => (c.recoveredAt ?? c.endedAt + RECOVERY_WAIT_MS) - c.endedAt);
  return Math.round(Math.max(0, ...each) / 100) / 10;
}
