import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import { type OutageProbe, probeOutage, waitUntilUnavailable } from './support/health.ts';
import { runFaultUnderLoad } from './support/load.ts';
import { cleanUps, setStage } from './support/scenario.ts';
import { crashSigns, unhandledRejections } from './support/server-process.ts';
import { sizes } from './support/sizes.ts';
import { expectCleanVerdict, settleAndCheck } from './support/verdict.ts';

// Fault (b): PostgreSQL stops the hard way under load (`pg_ctl stop -m immediate`: no checkpoint, every connection
// cut, as in a crash or a failover), stays down a few seconds and comes back on the same address. While it is down
// every request must be refused at once with 503 and Retry-After; afterwards the server resumes by itself.
const scenario = 'postgres-restarted';
// A few seconds in a CI-sized run; a longer run keeps it down longer (10 s at 60 s of load).
const DOWN_MS = Math.min(10, Math.max(5, sizes.loadSeconds / 6)) * 1000;

const stage = cleanUps();
afterAll(() => stage.run());

it('keeps every acknowledged sign-in exactly once across PostgreSQL stopped immediately and started again, refusing fast while it is down', async () => {
  // Durable settings: the crash must not be allowed to take acknowledged commits with it (see ControlledPostgres).
  const { database, server, url, tokens, prefix } = await setStage(
    scenario,
    { durable: true, siteName: 'Restarts' },
    stage.track,
  );
  const db = database;
  const probes: OutageProbe[] = [];
  const detections: (number | null)[] = [];

  const run = await runFaultUnderLoad({
    url,
    tokens,
    prefix,
    fault: async () => {
      const startedAt = Date.now();
      await db.stopImmediately();
      const stoppedAt = Date.now();
      const detectedAt = await waitUntilUnavailable(url);
      detections.push(detectedAt === null ? null : detectedAt - stoppedAt);
      if (detectedAt !== null) probes.push(await probeOutage(url, tokens[0] ?? ''));
      await sleep(Math.max(0, startedAt + DOWN_MS - Date.now()));
      const restartAt = Date.now();
      await db.startAgain();
      const endedAt = Date.now();
      return {
        startedAt,
        endedAt,
        note: `PostgreSQL stopped immediately (SIGQUIT); /health said unreachable ${detectedAt === null ? 'NEVER' : `${((detectedAt - stoppedAt) / 1000).toFixed(2)} s later`}; down ${((restartAt - startedAt) / 1000).toFixed(1)} s; started again in ${((endedAt - restartAt) / 1000).toFixed(1)} s`,
      };
    },
  });

  const output = server.output();
  const refusalMs = probes.flatMap((p) => p.requests.map((r) => r.ms)).sort((a, b) => a - b);
  const verdict = await settleAndCheck({
    scenario,
    url,
    ownerUrl: db.ownerUrl,
    prefix,
    run,
    serverOutput: output,
    serverEvents: server.events(),
    notes: [
      `while down, kiosk.status was refused in ${refusalMs.join(', ')} ms (probes after /health said unreachable)`,
      `server pid ${server.pid} still running: ${server.alive()}`,
      unhandledNote(output),
    ],
  });

  expect(detections.length, 'every stop must be noticed').toBe(run.cycles.length);
  expect(detections.every((ms) => ms !== null)).toBe(true);
  for (const probe of probes) {
    expect(probe.health).toMatchObject({
      status: 503,
      body: { status: 'unavailable', database: 'unreachable', since: expect.any(String) },
    });
    for (const request of probe.requests) expect(request).toMatchObject({ status: 503, retryAfter: '5' });
  }
  // "At once": a generous bound on the median (a busy 2-core machine), not a speed target.
  expect(refusalMs[Math.floor(refusalMs.length / 2)] ?? Number.POSITIVE_INFINITY).toBeLessThan(1000);
  expect(server.alive(), 'the server process must survive PostgreSQL going away').toBe(true);
  expect(crashSigns(output)).toEqual([]);
  expectCleanVerdict(verdict);
});

function unhandledNote(output: string): string {
  const lines = unhandledRejections(output);
  return `unhandled rejections logged by the server: ${lines.length}${lines[0] ? ` (first: ${lines[0].trim()})` : ''}`;
}
