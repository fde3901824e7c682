import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../client.ts';
import { hitRateLimit, refundRateLimit } from './rate-limit.ts';

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
