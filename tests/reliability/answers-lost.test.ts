import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import { runFaultUnderLoad } from './support/load.ts';
import { cleanUps, setStage } from './support/scenario.ts';
import { crashSigns } from './support/server-process.ts';
import { sizes } from './support/sizes.ts';
import { expectCleanVerdict, settleAndCheck } from './support/verdict.ts';

// Fault (f): the kiosks' answers are lost on the way back (the lobby Wi-Fi drops just as the server replies). Every
// request reaches the server and is carried out; the kiosk hears nothing and sends the same journey again with the
// same key. This is the fault the idempotency key exists for: each retry must be answered with the first receipt
// (a replay), never stored a second time — for sign-outs too. The other faults hit this path only by chance.
const scenario = 'answers-lost';
// A few seconds in a CI-sized run; longer in a longer run (10 s at 60 s of load).
const LOSING_MS = Math.min(10, Math.max(4, sizes.loadSeconds / 6)) * 1000;

const stage = cleanUps();
afterAll(() => stage.run());

it('answers a journey sent again after a lost answer with its first receipt, and stores it once', async () => {
  // The kiosks reach the server only through the relay, as a tablet reaches it through the lobby's network.
  const { database, server, url, tokens, prefix, relay } = await setStage(
    scenario,
    { durable: false, siteName: 'Lost answers', relay: 'kiosks' },
    stage.track,
  );
  if (!relay) throw new Error('the stage has no relay');

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
  expectCleanVerdict(verdict);
});
