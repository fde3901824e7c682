import { expect } from 'vitest';
import {
  brokenAuditChains,
  checkStore,
  loggedAuditHeads,
  ownerDatabase,
  waitForAuditSealed,
  waitForOutboxDrained,
  wrongCodeCounters,
} from './checks.ts';
import { waitUntilHealthy } from './health.ts';
import type { AttemptStats } from './kiosks.ts';
import { recordFault } from './ledger.ts';
import type { Cycle, LoadRun } from './load.ts';
import { worstRecoverySeconds } from './load.ts';
import { RECOVERY_LIMIT_SECONDS, sizes } from './sizes.ts';

/** A scenario's outcome: every list must be empty, and recovery within the limit. */
export interface Verdict {
  acknowledged: number;
  lost: string[];
  duplicated: string[];
  /** Any other way the database disagrees with what the kiosks were told, or the system failed to settle. */
  problems: string[];
  recoverySeconds: number;
  /** /health answered 200 after the load, without anyone's help. */
  healthy: boolean;
}

/**
 * Once the load is over: waits for the server to be healthy again and for its background work to settle (job
 * outbox handed on, audit rows sealed), compares the database with what the kiosks were told, verifies the audit
 * chains, records the scenario's figures for the run's summary and prints what happened.
 */
export async function settleAndCheck(options: {
  scenario: string;
  url: string;
  ownerUrl: string;
  prefix: string;
  run: LoadRun;
  /** Everything the server process(es) printed: the audit chain heads it logged are checked too. */
  serverOutput: string;
  /** The server's timed `[database]`/`[error]` lines, printed beside each slow recovery. */
  serverEvents?: { at: number; line: string }[];
  /** Scenario-specific lines for the printout. */
  notes?: string[];
}): Promise<Verdict> {
  const { run } = options;
  const healthy = (await waitUntilHealthy(options.url)) !== null;
  const owner = ownerDatabase(options.ownerUrl);
  const problems: string[] = [];
  try {
    const outboxLeft = await waitForOutboxDrained(owner);
    if (outboxLeft > 0) problems.push(`job_outbox still holds ${outboxLeft} rows a minute after the load`);
    const unsealed = await waitForAuditSealed(owner);
    if (unsealed > 0) problems.push(`${unsealed} audit rows still unsealed a minute after the load`);
    const store = await checkStore(owner, options.prefix, run.fleet.signIns, run.fleet.signOuts);
    problems.push(...store.problems);
    problems.push(...(await brokenAuditChains(owner, loggedAuditHeads(options.serverOutput))));
    for (const r of run.fleet.refusals) {
      problems.push(`${r.operation} of ${r.name} refused: ${r.status ?? '?'} ${r.code ?? ''} ${r.message}`);
    }
    problems.push(...run.unfinished.map((what) => `never acknowledged: ${what}`));
    if (run.fleet.stats.unavailableWithoutRetryAfter > 0) {
      problems.push(`${run.fleet.stats.unavailableWithoutRetryAfter} answers of 503 without Retry-After`);
    }
    for (const [i, cycle] of run.cycles.entries()) {
      if (cycle.recoveredAt === null) problems.push(`fault ${i + 1}: no sign-in acknowledged after it ended`);
    }
    const counters = await wrongCodeCounters(owner);
    const notes = [
      ...(options.notes ?? []),
      ...(counters.length > 0
        ? [
            `sign-out's wrong-code counters left above zero though no kiosk sent a wrong code (limit 5 per device per 10 min): ${counters.map((c) => c.count).join(', ')}`,
          ]
        : []),
    ];
    const recoverySeconds = worstRecoverySeconds(run.cycles);
    await recordFault({
      scenario: options.scenario,
      acknowledged: store.acknowledged,
      lost: store.lost.length,
      duplicated: store.duplicated.length,
      recoverySeconds,
      problems: problems.length,
    });
    printScenario({ ...options, notes }, store, recoverySeconds, problems);
    return {
      acknowledged: store.acknowledged,
      lost: store.lost,
      duplicated: store.duplicated,
      problems,
      recoverySeconds,
      healthy,
    };
  } finally {
    await owner.close();
  }
}

function printScenario(
  options: { scenario: string; run: LoadRun; notes?: string[]; serverEvents?: { at: number; line: string }[] },
  store: Awaited<ReturnType<typeof checkStore>>,
  recoverySeconds: number,
  problems: string[],
) {
  const { fleet, cycles } = options.run;
  const s = fleet.stats;
  const replayed = fleet.signIns.filter((i) => i.replayed).length;
  const retried = fleet.signIns.filter((i) => i.attempts > 1).length;
  const outRetried = fleet.signOuts.filter((o) => o.attempts > 1).length;
  const proposed = fleet.signIns.filter((i) => i.proposedCode !== null);
  const replaced = proposed.filter((i) => i.proposedCode !== i.visitCode).length;
  const sorted = [...s.unavailableMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = [
    `[fault] ${options.scenario}: ${sizes.kiosks} kiosks, ${options.run.seconds.toFixed(1)} s of load, ${cycles.length} fault(s)`,
    `  acknowledged ${store.acknowledged} sign-ins (${retried} needed retries, ${replayed} answered as replays) and ${fleet.signOuts.length} sign-outs (${outRetried} needed retries); stored ${store.stored}; lost ${store.lost.length}; duplicated ${store.duplicated.length}`,
    `  ${proposed.length} sign-ins carried a reserved code from kiosk.heartbeat (${replaced} given another code by the server)`,
    `  attempts: ${s.ok} ok, ${s.unavailable} × 503 (median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted.at(-1) ?? 0} ms), ${s.serverError} × other 5xx, ${s.network} network errors, ${s.timeout} timeouts`,
    ...cycles.flatMap((c, i) => [
      `  fault ${i + 1}: ${c.note}; lasted ${secs(c.endedAt - c.startedAt)}; sign-ins acknowledged again ${c.recoveredAt === null ? 'NEVER' : `after ${secs(c.recoveredAt - c.endedAt)}`}; /health 200 ${c.healthyAt === null ? 'never' : `after ${secs(Math.max(0, c.healthyAt - c.endedAt))}`}`,
      // Where sign-ins came back well after /health did (or never), the second-by-second picture shows why.
      ...(c.recoveredAt === null || c.healthyAt === null || c.recoveredAt - c.healthyAt > 1000
        ? timeline(c, s.log, options.serverEvents)
        : []),
    ]),
    ...(options.notes ?? []).map((n) => `  ${n}`),
    ...(store.doubledEscortChecks > 0
      ? [`  note: ${store.doubledEscortChecks} visits have two escort-check jobs (the check is idempotent)`]
      : []),
    `  worst recovery ${recoverySeconds} s (limit ${RECOVERY_LIMIT_SECONDS} s); ${problems.length === 0 ? 'no problems' : `${problems.length} problems:`}`,
    ...store.lost.slice(0, 10).map((name) => `    - LOST: ${name} was acknowledged but is not stored`),
    ...store.duplicated.slice(0, 10).map((name) => `    - DUPLICATED: ${name} is stored more than once`),
    ...problems.slice(0, 20).map((p) => `    - ${p}`),
  ];
  console.log(lines.join('\n'));
}

/**
 * What the kiosks met second by second from the fault's start until a second after recovery (attempts by the second
 * they were sent in, relative to the fault's end), with the server's own lines: where a slow recovery went.
 */
function timeline(cycle: Cycle, log: AttemptStats['log'], events: { at: number; line: string }[] = []): string[] {
  const until = (cycle.recoveredAt ?? cycle.endedAt + 60_000) + 1000;
  const buckets = new Map<number, Map<string, number>>();
  for (const a of log) {
    if (a.at < cycle.startedAt || a.at > until) continue;
    const second = Math.floor((a.at - cycle.endedAt) / 1000);
    const bucket = buckets.get(second) ?? new Map<string, number>();
    bucket.set(a.outcome, (bucket.get(a.outcome) ?? 0) + 1);
    buckets.set(second, bucket);
  }
  const lines = [...buckets]
    .sort(([a], [b]) => a - b)
    .map(
      ([second, bucket]) =>
        `      ${second >= 0 ? '+' : ''}${second} s: ${[...bucket].map(([k, n]) => `${n} ${k}`).join(', ')}`,
    );
  const said = events
    .filter((e) => e.at >= cycle.startedAt && e.at <= until)
    .map((e) => `      server at ${((e.at - cycle.endedAt) / 1000).toFixed(1)} s: ${e.line.slice(0, 160)}`);
  return ["    attempts by second sent, relative to the fault's end:", ...lines, ...said];
}

/** What every scenario must end with: nothing lost or doubled, no other problem, healthy, recovered in time. */
export function expectCleanVerdict(verdict: Verdict): void {
  expect(verdict).toMatchObject({ lost: [], duplicated: [], problems: [], healthy: true });
  expect(verdict.acknowledged).toBeGreaterThan(sizes.kiosks);
  expect(verdict.recoverySeconds).toBeLessThanOrEqual(RECOVERY_LIMIT_SECONDS);
}
