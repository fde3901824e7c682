import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@threshold/db';
import { afterAll, expect, it } from 'vitest';
import { pairKiosks } from './support/kiosks.ts';
import { runFaultUnderLoad } from './support/load.ts';
import { type ControlledPostgres, startControlledPostgres } from './support/postgres.ts';
import { crashSigns, launchServer, type ServerProcess } from './support/server-process.ts';
import { prepareSite } from './support/site.ts';
import { RECOVERY_LIMIT_SECONDS, sizes } from './support/sizes.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';
import { settleAndCheck } from './support/verdict.ts';

// Fault (f): the kiosks' answers are lost on the way back (the lobby Wi-Fi drops just as the server replies). Every
// request reaches the server and is carried out; the kiosk hears nothing and sends the same journey again with the
// same key. This is the fault the idempotency key exists for: each retry must be answered with the first receipt
// (a replay), never stored a second time — for sign-outs too. The other faults hit this path only by chance.
const scenario = 'answers-lost';
// A few seconds in a CI-sized run; longer in a longer run (10 s at 60 s of load).
const LOSING_MS = Math.min(10, Math.max(4, sizes.loadSeconds / 6)) * 1000;

let database: ControlledPostgres | undefined;
let proxy: TcpProxy | undefined;
let server: ServerProcess | undefined;

afterAll(async () => {
  await server?.saveLog(scenario);
  await server?.stop();
  await proxy?.close();
  await database?.close();
});

it('answers a journey sent again after a lost answer with its first receipt, and stores it once', async () => {
  database = await startControlledPostgres({ durable: false });
  const codes = await prepareSite(database.ownerUrl, sizes.kiosks, 'Lost answers');
  server = await launchServer({
    port: await freePort(),
    env: { DATABASE_URL: database.appUrl, DATABASE_OWNER_URL: database.ownerUrl },
  });
  // The kiosks reach the server only through the relay, as a tablet reaches it through the lobby's network.
  proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
  const url = `http://127.0.0.1:${proxy.port}`;
  const tokens = await pairKiosks(url, codes);
  const prefix = `Fault ${scenario} ${randomBytes(3).toString('hex')}`;
  const relay = proxy;

  const run = await runFaultUnderLoad({
    url,
    tokens,
    prefix,
    fault: async () => {
      const startedAt = Date.now();
      const before = relay.answersLost();
      relay.loseAnswers(true);
      await sleep(LOSING_MS);
      relay.loseAnswers(false);
      const endedAt = Date.now();
      return {
        startedAt,
        endedAt,
        note: `answers lost on the way back for ${((endedAt - startedAt) / 1000).toFixed(1)} s (${relay.answersLost() - before} answers thrown away)`,
      };
    },
  });

  const replayed = run.fleet.signIns.filter((s) => s.replayed).length;
  const verdict = await settleAndCheck({
    scenario,
    url: server.url,
    ownerUrl: database.ownerUrl,
    prefix,
    run,
    serverOutput: server.output(),
    serverEvents: server.events(),
  });

  // Proves the fault reached the idempotency path: journeys carried out while their answers were lost came back
  // as replays of the first receipt (checkStore compares each receipt's code with the stored visit).
  expect(replayed).toBeGreaterThan(0);
  expect(server.alive()).toBe(true);
  expect(crashSigns(server.output())).toEqual([]);
  expect(verdict).toMatchObject({ lost: [], duplicated: [], problems: [], healthy: true });
  expect(verdict.acknowledged).toBeGreaterThan(sizes.kiosks);
  expect(verdict.recoverySeconds).toBeLessThanOrEqual(RECOVERY_LIMIT_SECONDS);
});
