import { randomUUID } from 'node:crypto';
import { sealedVisit } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertLoggedVisit, type LogWorld, logWorld } from '../test-support/visit-log.ts';

const NOW = new Date('2031-06-10T05:00:00.000Z');
let w: LogWorld;
afterAll(() => w.h.close());
beforeAll(async () => {
  w = await logWorld();
});

const search = (input: { limit?: number; cursor?: { at: string; id: string } | null; name?: string }) =>
  w.staff.coordinator.as(NOW).visitLog.search({ siteId: w.site.id, ...input });

/** Every page of the log from the start, calling `between` after each page; the ids in the order they came. */
async function walk(limit: number, between: (page: number) => Promise<void> = async () => {}) {
  const seen: string[] = [];
  let cursor: { at: string; id: string } | null = null;
  for (let page = 1; page < 100; page++) {
    const result: Awaited<ReturnType<typeof search>> = await search({ limit, cursor });
    expect(result.visits.length).toBeLessThanOrEqual(limit);
    seen.push(...result.visits.map((v) => v.id));
    if (!result.nextCursor) return seen;
    cursor = result.nextCursor;
    await between(page);
  }
  throw new Error('the log never ended');
}

describe('visitLog.search pages', () => {
  const original: { id: string; at: string }[] = [];

  beforeAll(async () => {
    // Written alike (to the microsecond), so they sort as text. Two within one millisecond, two at the very same microsecond (the id decides), and some plain ones.
    const times = [
      '2031-05-01T10:00:00.000001Z',
      '2031-05-01T10:00:00.000002Z',
      '2031-05-01T10:00:01.500000Z',
      '2031-05-01T10:00:01.500000Z',
      '2031-05-02T09:00:00.000000Z',
      '2031-05-03T09:00:00.000000Z',
      '2031-05-04T09:00:00.999999Z',
    ];
    for (const [i, at] of times.entries()) {
      original.push({
        id: await insertLoggedVisit(w.h, w.site, { name: `Page Visitor ${i}`, signedInAt: at, stayMinutes: 5 }),
        at,
      });
    }
  });

  const newestFirst = () =>
    [...original].sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1)).map((v) => v.id);

  it('comes back newest first, every visit exactly once, whatever the page size', async () => {
    for (const limit of [1, 2, 3, 7, 100]) {
      expect({ limit, ids: await walk(limit) }).toEqual({ limit, ids: newestFirst() });
    }
  });

  it('neither repeats nor skips a visit while new visitors sign in between pages', async () => {
    const arrivals: string[] = [];
    const seen = await walk(2, async (page) => {
      arrivals.push(
        await insertLoggedVisit(w.h, w.site, {
          name: `Arrival ${page}`,
          signedInAt: new Date(NOW.getTime() - 60_000 + page).toISOString(),
          stayMinutes: null,
        }),
      );
    });
    expect(arrivals.length).toBeGreaterThan(0);
    expect(seen).toEqual(newestFirst());
    // A fresh search starts with them, newest first.
    const fresh = await search({ limit: arrivals.length });
    expect(fresh.visits.map((v) => v.id)).toEqual([...arrivals].reverse());
  });

  it('pages by 50 unless asked otherwise', async () => {
    const { sql } = w.h.handle;
    const bulk = Array.from({ length: 60 }, (_, i) => ({
      organisation_id: w.site.organisationId,
      site_id: w.site.id,
      idempotency_key: randomUUID(),
      ...sealedVisit({ name: `Bulk Visitor ${i + 1}`, organisation: 'Bulk' }),
      category: 'other',
      state: 'signed_out',
      visit_code: `B${i + 1}`,
      signed_in_at: new Date(Date.parse('2031-04-01T09:00:00Z') + (i + 1) * 60_000).toISOString(),
      signed_out_at: new Date(Date.parse('2031-04-01T10:00:00Z') + (i + 1) * 60_000).toISOString(),
    }));
    await sql`insert into visit ${sql(bulk)}`;
    const first = await search({ name: 'bulk' });
    expect(first.visits).toHaveLength(50);
    expect(first.visits[0]?.visitorName).toBe('Bulk Visitor 60');
    const second = await search({ name: 'bulk', cursor: first.nextCursor });
    expect(second.visits.map((v) => v.visitorName)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Bulk Visitor ${10 - i}`),
    );
    expect(second.nextCursor).toBeNull();
  });
});
