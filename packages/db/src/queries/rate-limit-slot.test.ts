import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../client.ts';
import { bookRateLimitSlot, returnRateLimitSlot } from './rate-limit.ts';

const handle = createDb(inject('databaseUrl'), { max: 10 });
afterAll(() => handle.close());

const pace = { spacingMs: 1000, burst: 3, maxWaitMs: 10_000 };

describe('bookRateLimitSlot', () => {
  it('lets a burst through, then spaces 50 parallel bookings one per slot up to the longest wait', async () => {
    const key = `test:${randomUUID()}`;
    const waits = await Promise.all(Array.from({ length: 50 }, () => bookRateLimitSlot(handle.db, { key, ...pace })));
    const sorted = [...waits].sort((a, b) => a - b);
    expect(sorted.slice(0, 3)).toEqual([0, 0, 0]);
    // Each later booking waits about one spacing longer than the one before, until the cap.
    for (let i = 3; i <= 12; i++) expect(Math.abs((sorted[i] ?? 0) - (i - 2) * 1000)).toBeLessThan(250);
    expect(sorted.slice(12).every((w) => w > 9_750 && w <= 10_000)).toBe(true);
  });

  it('gives a slot back, so returned bookings build up no wait', async () => {
    const key = `test:${randomUUID()}`;
    for (let i = 0; i < 10; i++) {
      expect(await bookRateLimitSlot(handle.db, { key, ...pace })).toBe(0);
      await returnRateLimitSlot(handle.db, { key, spacingMs: pace.spacingMs });
    }
  });
});
