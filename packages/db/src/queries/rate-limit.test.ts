import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../client.ts';
import { hitRateLimit, hitRateLimits, refundRateLimit } from './rate-limit.ts';

const handle = createDb(inject('databaseUrl'), { max: 10 });
afterAll(() => handle.close());

describe('hitRateLimit', () => {
  it('counts 50 parallel attempts exactly once each', async () => {
    const key = `test:${randomUUID()}`;
    const counts = await Promise.all(
      Array.from({ length: 50 }, () => hitRateLimit(handle.db, { key, windowSeconds: 60 })),
    );
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await refundRateLimit(handle.db, { key });
    expect(await hitRateLimit(handle.db, { key, windowSeconds: 60 })).toBe(50);
  });

  it('starts a new window once the old one has passed', async () => {
    const key = `test:${randomUUID()}`;
    await hitRateLimit(handle.db, { key, windowSeconds: 60 });
    await hitRateLimit(handle.db, { key, windowSeconds: 60 });
    // A zero-second window has always expired, so the next hit opens a fresh one.
    expect(await hitRateLimit(handle.db, { key, windowSeconds: 0 })).toBe(1);
  });
});

describe('hitRateLimits', () => {
  it('counts one attempt against each key in its own window, in the order given', async () => {
    const hour = `test:${randomUUID()}`;
    const minute = `test:${randomUUID()}`;
    await hitRateLimit(handle.db, { key: hour, windowSeconds: 3600 });
    await hitRateLimit(handle.db, { key: minute, windowSeconds: 3600 });
    // The minute window has passed (zero seconds), the hour's has not.
    const limits = [
      { key: hour, windowSeconds: 3600 },
      { key: minute, windowSeconds: 0 },
    ];
    expect(await hitRateLimits(handle.db, limits)).toEqual([2, 1]);
    expect(await hitRateLimits(handle.db, [{ key: minute, windowSeconds: 60 }])).toEqual([2]);
    expect(await hitRateLimits(handle.db, [])).toEqual([]);
  });

  it('counts parallel attempts exactly once each on every key', async () => {
    const a = `test:${randomUUID()}`;
    const b = `test:${randomUUID()}`;
    const counts = await Promise.all(
      Array.from({ length: 20 }, () =>
        hitRateLimits(handle.db, [
          { key: a, windowSeconds: 60 },
          { key: b, windowSeconds: 60 },
        ]),
      ),
    );
    const sorted = (i: number) => counts.map((c) => c[i]).sort((x = 0, y = 0) => x - y);
    const expected = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(sorted(0)).toEqual(expected);
    expect(sorted(1)).toEqual(expected);
  });
});
