import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { afterAll, expect, it } from 'vitest';
import { runFaultUnderLoad } from './support/load.ts';
import { cleanUps, setStage } from './support/scenario.ts';
import { crashSigns, unhandledRejections } from './support/server-process.ts';
import { sizes } from './support/sizes.ts';
import { expectCleanVerdict, settleAndCheck } from './support/verdict.ts';

// Fault (c): the application's database connections are terminated again and again under load, as an
// administrator's pg_terminate_backend or a PostgreSQL failover does. The server on postgres.js 3.4 crashed on this
// 4 times out of 4; the promise is that it keeps serving, and that what it acknowledged is stored exactly once.
const scenario = 'connections-terminated';
const TERMINATE_EVERY_MS = 300;

const stage = cleanUps();
afterAll(() => stage.run());

it('keeps every acknowledged sign-in exactly once while its connections are terminated every 300 ms, and never crashes', async () => {
  // PostgreSQL itself stays up here, so its fast (non-durable) settings cannot lose a commit.
  const { database, server, tokens, prefix } = await setStage(
    scenario,
    { durable: false, siteName: 'Terminations' },
    stage.track,
  );
  const { ownerUrl, appRole } = database;
  let terminated = 0;
  let rounds = 0;

  const run = await runFaultUnderLoad({
    url: server.url,
    tokens,
    prefix,
    maxCycles: 1,
    fault: async () => {
      const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
      const startedAt = Date.now();
      const until = startedAt + Math.max(4000, sizes.loadSeconds * 500);
      try {
        while (Date.now() < until) {
          const rows = await owner<{ terminated: boolean }[]>`
            select pg_terminate_backend(pid) as terminated from pg_stat_activity
             where usename = ${appRole} and pid <> pg_backend_pid()`;
          terminated += rows.filter((r) => r.terminated).length;
          rounds += 1;
          await sleep(TERMINATE_EVERY_MS);
        }
      } finally {
        await owner.end();
      }
      return {
        startedAt,
        endedAt: Date.now(),
        note: `${terminated} application connections terminated in ${rounds} rounds, one every ${TERMINATE_EVERY_MS} ms`,
      };
    },
  });

  const output = server.output();
  const verdict = await settleAndCheck({
    scenario,
    url: server.url,
    ownerUrl,
    prefix,
    run,
    serverOutput: output,
    serverEvents: server.events(),
    notes: [`server pid ${server.pid} still running: ${server.alive()}`, unhandledNote(output)],
  });

  expect(terminated, 'the fault must actually have cut connections').toBeGreaterThan(rounds / 2);
  expect(server.alive(), 'the server process must survive the terminations').toBe(true);
  expect(crashSigns(output)).toEqual([]);
  expectCleanVerdict(verdict);
});

function unhandledNote(output: string): string {
  const lines = unhandledRejections(output);
  return `unhandled rejections logged by the server: ${lines.length}${lines[0] ? ` (first: ${lines[0].trim()})` : ''}`;
}
