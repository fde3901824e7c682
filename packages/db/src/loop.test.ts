import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startLoop } from './loop.ts';

/** Resolves once `check` holds, polling briefly; fails the test after `ms`. */
async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('startLoop', () => {
  it('stop waits for the running turn to finish and starts no other', async () => {
    let started = 0;
    let finished = 0;
    let release = () => {};
    const loop = startLoop({
      name: 'test',
      intervalMs: 1,
      log: () => {},
      run: async () => {
        started += 1;
        await new Promise<void>((r) => {
          release = r;
        });
        finished += 1;
        return false;
      },
    });
    await until(() => started === 1);
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await sleep(30);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect({ started, finished }).toEqual({ started: 1, finished: 1 });
  });

  it('logs a failed turn once, under its name, and carries on', async () => {
    const logged: [string, unknown][] = [];
    let turns = 0;
    const boom = new Error('database away');
    const loop = startLoop({
      name: 'sealer',
      intervalMs: 1,
      log: (where, err) => logged.push([where, err]),
      run: async () => {
        turns += 1;
        if (turns === 1) throw boom;
        return false;
      },
    });
    await until(() => turns >= 3);
    await loop.stop();
    expect(logged).toEqual([['sealer', boom]]);
  });

  it('backs off after failures in a row and returns to the interval after a success', async () => {
    const at: number[] = [];
    const loop = startLoop({
      name: 'backoff',
      intervalMs: 20,
      maxBackoffMs: 1000,
      log: () => {},
      run: async () => {
        at.push(Date.now());
        // Three failures (pauses 40, 80, 160 ms), then successes (pauses of 20 ms).
        if (at.length <= 3) throw new Error('down');
        return false;
      },
    });
    await until(() => at.length >= 6, 3000);
    await loop.stop();
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? t));
    expect(gaps[2]).toBeGreaterThanOrEqual(150);
    expect(gaps[4]).toBeLessThan(100);
  });

  it('runs the next turn at once when a turn reports more work, or when kicked', async () => {
    let turns = 0;
    const loop = startLoop({
      name: 'more',
      intervalMs: 60_000,
      log: () => {},
      run: async () => {
        turns += 1;
        return turns < 3;
      },
    });
    await until(() => turns === 3);
    loop.kick();
    await until(() => turns === 4);
    await loop.stop();
  });
});
