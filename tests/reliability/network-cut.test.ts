import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import { type OutageProbe, probeOutage, waitUntilUnavailable } from './support/health.ts';
import { runFaultUnderLoad } from './support/load.ts';
import { cleanUps, setStage } from './support/scenario.ts';
import { crashSigns, unhandledRejections } from './support/server-process.ts';
import { sizes } from './support/sizes.ts';
import { expectCleanVerdict, settleAndCheck } from './support/verdict.ts';

// Fault (e): the network between server and PostgreSQL goes silent under load (a switch, a firewall, a cloud
// network): nothing is refused or reset, packets just stop. Connections hang rather than fail, so only the
// server's own time limits can notice. It must refuse with 503 once it has, and resume by itself when the network
// comes back; whatever it acknowledged is stored exactly once.
const scenario = 'network-cut';
// Long enough for the server to notice (its probe gives up after its query and cancel limits, 4 s), and longer in a
// longer run (20 s at 60 s of load).
const CUT_MS = Math.min(20, Math.max(12, sizes.loadSeconds / 3)) * 1000;

const stage = cleanUps();
afterAll(() => stage.run());

it('keeps every acknowledged sign-in exactly once across a silent network cut to PostgreSQL, refusing fast once it notices', async () => {
  // PostgreSQL itself stays up here, so its fast (non-durable) settings cannot lose a commit.
  // Everything the running server does goes through the relay; only start-up migrations go direct (as the owner).
  const { database, server, url, tokens, prefix, relay } = await setStage(
    scenario,
    { durable: false, siteName: 'Network cut', relay: 'database' },
    stage.track,
  );
  if (!relay) throw new Error('the stage has no relay');
  const probes: OutageProbe[] = [];
  const detections: (number | null)[] = [];

  const run = await runFaultUnderLoad({
    url,
    tokens,
    prefix,
    fault: async () => {
      const startedAt = Date.now();
      const held = relay.connections();
      relay.cut();
      const detectedAt = await waitUntilUnavailable(url, CUT_MS);
      detections.push(detectedAt === null ? null : detectedAt - startedAt);
      if (detectedAt !== null) probes.push(await probeOutage(url, tokens[0] ?? ''));
      await sleep(Math.max(0, startedAt + CUT_MS - Date.now()));
      relay.heal();
      const endedAt = Date.now();
      return {
        startedAt,
        endedAt,
        note: `network cut (${held} connections held, new ones hang) for ${((endedAt - startedAt) / 1000).toFixed(1)} s; /health said unreachable ${detectedAt === null ? 'NEVER during the cut' : `${((detectedAt - startedAt) / 1000).toFixed(1)} s in`}`,
      };
    },
  });

  const output = server.output();
  const refusalMs = probes.flatMap((p) => p.requests.map((r) => r.ms)).sort((a, b) => a - b);
  const verdict = await settleAndCheck({
    scenario,
    url,
    ownerUrl: database.ownerUrl,
    prefix,
    run,
    serverOutput: output,
    serverEvents: server.events(),
    notes: [
      `once /health said unreachable, kiosk.status was refused in ${refusalMs.join(', ')} ms`,
      `server pid ${server.pid} still running: ${server.alive()}`,
      `unhandled rejections logged by the server: ${unhandledRejections(output).length}`,
    ],
  });

  expect(detections.length, 'every cut must be noticed while it lasts').toBe(run.cycles.length);
  expect(detections.every((ms) => ms !== null)).toBe(true);
  for (const probe of probes) {
    expect(probe.health).toMatchObject({ status: 503, body: { status: 'unavailable', database: 'unreachable' } });
    for (const request of probe.requests) expect(request).toMatchObject({ status: 503, retryAfter: '5' });
  }
  expect(refusalMs[Math.floor(refusalMs.length / 2)] ?? Number.POSITIVE_INFINITY).toBeLessThan(1000);
  expect(server.alive()).toBe(true);
  expect(crashSigns(output)).toEqual([]);
  expectCleanVerdict(verdict);
});
