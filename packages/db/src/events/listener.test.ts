import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createDb } from '../client.ts';
import { createLiveListener, type LiveFilter, type LiveListener, type LiveMessage } from './listener.ts';
import { LIVE_CHANNEL, type LiveEvent, notifyLiveEvent } from './live-event.ts';

// This package depends on no schema library; the API passes the zod schema. A strict check stands in for it.
const eventTypes = new Set(['visit', 'alert', 'escort']);
function parse(payload: unknown): LiveEvent | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const ok = eventTypes.has(String(p.type)) && typeof p.organisationId === 'string' && typeof p.siteId === 'string';
  return ok ? (p as unknown as LiveEvent) : null;
}

// Its own application_name, so one test can find and kill exactly this listener's connection.
const applicationName = `live-test-${randomUUID().slice(0, 8)}`;
const handle = createDb(inject('databaseUrl'), { max: 4 });
const listenSql = postgres(inject('databaseUrl'), {
  max: 1,
  onnotice: () => {},
  connection: { application_name: applicationName },
});
let listener: LiveListener;
beforeAll(async () => {
  listener = await createLiveListener(listenSql, parse);
});
afterAll(async () => {
  await listener.close();
  await listenSql.end();
  await handle.close();
});

/** Every site is new, so tests running at the same time on the shared channel never see each other's events. */
function scene() {
  const organisationId = randomUUID();
  const siteId = randomUUID();
  const event = (extra: Partial<LiveEvent> = {}): LiveEvent => ({
    type: 'visit',
    organisationId,
    siteId,
    visitId: randomUUID(),
    ...extra,
  });
  return { organisationId, siteId, event };
}

function collect(filter: LiveFilter) {
  const got: LiveMessage[] = [];
  const unsubscribe = listener.subscribe(filter, (m) => got.push(m));
  return { got, unsubscribe };
}

describe('notifyLiveEvent and the live listener', () => {
  it('delivers an event once the transaction that notified it commits, with ids only', async () => {
    const { siteId, event } = scene();
    const { got, unsubscribe } = collect({ siteId });
    const sent = event();
    await handle.db.transaction(async (tx) => {
      await notifyLiveEvent(tx, sent);
      // Still inside the transaction: nothing may be delivered before the commit.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(got).toEqual([]);
    });
    await vi.waitFor(() => expect(got).toEqual([sent]), { timeout: 5000 });
    unsubscribe();
  });

  it('never delivers an event whose transaction rolled back', async () => {
    const { siteId, event } = scene();
    const { got, unsubscribe } = collect({ siteId });
    const rolledBack = event();
    await expect(
      handle.db.transaction(async (tx) => {
        await notifyLiveEvent(tx, rolledBack);
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    // Notifications reach a listener in commit order: once this one is in, the other would have been too.
    const marker = event();
    await notifyLiveEvent(handle.db, marker);
    await vi.waitFor(() => expect(got).toContainEqual(marker), { timeout: 5000 });
    expect(got).toEqual([marker]);
    unsubscribe();
  });

  it('sends no field beyond the ids, even when handed a wider object', async () => {
    const { siteId, event } = scene();
    const { got, unsubscribe } = collect({ siteId });
    const visitRow = { ...event(), visitorName: 'Ada Lovelace', visitCode: 'K7Q2MX' };
    await notifyLiveEvent(handle.db, visitRow);
    await vi.waitFor(() => expect(got).toHaveLength(1), { timeout: 5000 });
    expect(JSON.stringify(got)).not.toMatch(/Ada|K7Q2MX|visitorName|visitCode/);
    unsubscribe();
  });

  it('ignores payloads that are not JSON or not an event, and keeps listening', async () => {
    const { organisationId, siteId, event } = scene();
    const { got, unsubscribe } = collect({ siteId });
    for (const payload of ['not json', '{"siteId":', 'null', '42', JSON.stringify({ organisationId, siteId })]) {
      await handle.sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`;
    }
    await handle.sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ type: 'party', organisationId, siteId })})`;
    const marker = event();
    await notifyLiveEvent(handle.db, marker);
    await vi.waitFor(() => expect(got).toContainEqual(marker), { timeout: 5000 });
    expect(got).toEqual([marker]);
    unsubscribe();
  });

  it('delivers only the filtered site, and with a staff id only the events about that person', async () => {
    const here = scene();
    const elsewhere = scene();
    const escortId = randomUUID();
    const site = collect({ siteId: here.siteId });
    const escort = collect({ siteId: here.siteId, staffId: escortId });
    const mine = here.event({ type: 'escort', staffId: escortId });
    const someoneElses = here.event({ type: 'escort', staffId: randomUUID() });
    const plain = here.event();
    for (const e of [elsewhere.event(), someoneElses, plain, mine]) await notifyLiveEvent(handle.db, e);
    await vi.waitFor(() => expect(site.got).toHaveLength(3), { timeout: 5000 });
    expect(site.got).toEqual([someoneElses, plain, mine]);
    expect(escort.got).toEqual([mine]);
    site.unsubscribe();
    escort.unsubscribe();
  });

  it('stops delivering to a subscriber that unsubscribed, and only to it', async () => {
    const { siteId, event } = scene();
    const leaving = collect({ siteId });
    const staying = collect({ siteId });
    const before = listener.subscriberCount();
    leaving.unsubscribe();
    expect(listener.subscriberCount()).toBe(before - 1);
    const sent = event();
    await notifyLiveEvent(handle.db, sent);
    await vi.waitFor(() => expect(staying.got).toEqual([sent]), { timeout: 5000 });
    expect(leaving.got).toEqual([]);
    staying.unsubscribe();
  });

  it('listens again after its connection is killed, and tells subscribers to resync', async () => {
    const { siteId, event } = scene();
    const { got, unsubscribe } = collect({ siteId });
    const killed = await handle.sql<{ pid: number }[]>`
      select pg_terminate_backend(pid), pid from pg_stat_activity where application_name = ${applicationName}`;
    expect(killed).toHaveLength(1);
    await vi.waitFor(() => expect(got).toEqual([{ type: 'resync' }]), { timeout: 10_000 });
    const sent = event();
    await notifyLiveEvent(handle.db, sent);
    await vi.waitFor(() => expect(got).toEqual([{ type: 'resync' }, sent]), { timeout: 5000 });
    unsubscribe();
  });
});

describe('closing the live listener', () => {
  it('ends every subscription and stops listening', async () => {
    const sql = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} });
    const own = await createLiveListener(sql, parse);
    const { siteId, event } = scene();
    let closed = 0;
    const got: LiveMessage[] = [];
    own.subscribe(
      { siteId },
      (m) => got.push(m),
      () => closed++,
    );
    await own.close();
    expect(closed).toBe(1);
    expect(own.subscriberCount()).toBe(0);
    await notifyLiveEvent(handle.db, event());
    // The shared listener hears the same channel: once it has this event, the closed one would have too.
    const witness = collect({ siteId });
    const marker = event();
    await notifyLiveEvent(handle.db, marker);
    await vi.waitFor(() => expect(witness.got).toContainEqual(marker), { timeout: 5000 });
    expect(got).toEqual([]);
    witness.unsubscribe();
    await sql.end();
  });
});
