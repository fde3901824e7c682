import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findRunningEmbedded, freePort } from '@threshold/db';
import { afterAll, expect, it } from 'vitest';
import { pairKiosks } from './support/kiosks.ts';
import { runFaultUnderLoad } from './support/load.ts';
import { postmasterPid, stopLeftoverPostgres } from './support/postgres.ts';
import { crashSigns, launchServer, type ServerProcess } from './support/server-process.ts';
import { pairingCodesForFirstSite } from './support/site.ts';
import { sizes } from './support/sizes.ts';
import { expectCleanVerdict, settleAndCheck } from './support/verdict.ts';

// Fault (a): the server process is SIGKILLed under load (out of memory, a power-cycled host, `kill -9`) and started
// again on the same data folder and port, with the embedded PostgreSQL it started (no DATABASE_URL), exactly as
// `npm start` runs it. PostgreSQL outlives its killed owner; the next start must find that orphan, stop it cleanly
// and start afresh — under load — and every sign-in a kiosk was told succeeded must be there exactly once.
const scenario = 'server-killed';
const DOWN_MS = 2000;
const ORPHAN_WARNING = 'was still running after an earlier Threshold process ended';

let dataDir: string | undefined;
const servers: ServerProcess[] = [];

afterAll(async () => {
  for (const [i, s] of servers.entries()) await s.saveLog(`${scenario}-${i + 1}`);
  await servers.at(-1)?.stop();
  if (dataDir) {
    // Only if the test failed between a kill and the next start: the orphan would otherwise outlive the run.
    await stopLeftoverPostgres(join(dataDir, 'pg'));
    await rm(dataDir, { recursive: true, force: true });
  }
});

it('keeps every acknowledged sign-in exactly once across SIGKILLs of the server, whose next start takes over the orphaned PostgreSQL', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'threshold-fault-embedded-'));
  const clusterDir = join(dataDir, 'pg');
  const port = await freePort();
  // The durability settings of `npm start` (THRESHOLD_EMBEDDED_FAST unset means 0).
  const env = { THRESHOLD_DATA_DIR: dataDir, THRESHOLD_EMBEDDED_FAST: '0' };
  const first = await launchServer({ port, env });
  servers.push(first);
  const printed = /pairing code: (\d{6})/.exec(first.output())?.[1];
  if (!printed) throw new Error(`the demo start printed no pairing code:\n${first.output()}`);
  const embedded = await findRunningEmbedded(dataDir);
  if (!embedded) throw new Error('no embedded PostgreSQL is running for the data folder');
  const codes = [printed, ...(await pairingCodesForFirstSite(embedded.ownerUrl, sizes.kiosks - 1))];
  const tokens = await pairKiosks(first.url, codes);
  const prefix = `Fault ${scenario} ${randomBytes(3).toString('hex')}`;
  const orphans: { leftRunning: boolean; takenOver: boolean }[] = [];

  const run = await runFaultUnderLoad({
    url: first.url,
    tokens,
    prefix,
    fault: async () => {
      const current = servers.at(-1);
      if (!current) throw new Error('no server to kill');
      const startedAt = Date.now();
      await current.kill();
      const leftRunning = (await postmasterPid(clusterDir)) !== null;
      await sleep(Math.max(0, startedAt + DOWN_MS - Date.now()));
      const restartedAt = Date.now();
      const next = await launchServer({ port, env });
      servers.push(next);
      orphans.push({ leftRunning, takenOver: next.output().includes(ORPHAN_WARNING) });
      return {
        startedAt,
        endedAt: restartedAt,
        note: `server pid ${current.pid} SIGKILLed (its PostgreSQL ${leftRunning ? 'left running' : 'GONE'}), down ${((restartedAt - startedAt) / 1000).toFixed(1)} s, started again as pid ${next.pid}: running after ${((next.readyAt - restartedAt) / 1000).toFixed(1)} s${next.output().includes(ORPHAN_WARNING) ? ', having stopped the orphaned PostgreSQL' : ''}`,
      };
    },
  });

  const last = servers.at(-1);
  const running = dataDir ? await findRunningEmbedded(dataDir) : null;
  if (!last || !running) throw new Error('no server or embedded PostgreSQL running after the faults');
  const verdict = await settleAndCheck({
    scenario,
    url: last.url,
    ownerUrl: running.ownerUrl,
    prefix,
    run,
    serverOutput: servers.map((s) => s.output()).join('\n'),
    serverEvents: servers.flatMap((s) => s.events()),
    notes: [`server processes: ${servers.map((s) => s.pid).join(' → ')}; the last still running: ${last.alive()}`],
  });

  expect(orphans.length).toBe(run.cycles.length);
  // Proves the take-over under load: PostgreSQL outlived each killed server, and each next start stopped it.
  expect(orphans).toEqual(orphans.map(() => ({ leftRunning: true, takenOver: true })));
  expect(last.alive()).toBe(true);
  expect(servers.flatMap((s) => crashSigns(s.output()))).toEqual([]);
  expectCleanVerdict(verdict);
});
