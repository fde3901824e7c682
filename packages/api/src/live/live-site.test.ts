import { randomUUID } from 'node:crypto';
import { createDb, type LiveListener, notifyLiveEvent } from '@threshold/db';
import { createTestOrganisation } from '@threshold/db/testing';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createContextFactory } from '../context.ts';
import { drainAfterCommit, notifyHandler } from '../jobs/after-commit.ts';
import { appRouter } from '../root.ts';
import { EVERY_DUE_ROW } from '../test-support/drain.ts';
import {
  createHarness,
  createStaffWithPassword,
  kioskScene,
  sessionCookie,
  visitorInput,
} from '../test-support/harness.ts';
import { nextWithin } from '../test-support/live-iterator.ts';
import { createCallerFactory } from '../trpc.ts';
import { listenForLiveEvents, parseLiveEvent } from './listener.ts';

const h = createHarness();
// The listener's own connection, as the server has it.
const listenHandle = createDb(inject('databaseUrl'), { max: 1 });
let live: LiveListener;
beforeAll(async () => {
  live = await listenForLiveEvents(listenHandle.sql);
});
afterAll(async () => {
  await live.close();
  await listenHandle.close();
  await h.close();
});

const createCaller = createCallerFactory(appRouter);

function contextFor(cookie: string | null, withLive = true) {
  const headers = new Headers(cookie ? { cookie } : {});
  const factory = createContextFactory({ db: h.db, auth: h.auth, ...(withLive ? { live } : {}) });
  return factory({ req: new Request('http://localhost/trpc', { headers }) });
}

/** Subscribes as the given member of staff; `next()` fails the test after 5 s of silence. */
async function subscribe(cookie: string, siteId: string) {
  const leave = new AbortController();
  const caller = createCaller(contextFor(cookie), { signal: leave.signal });
  const iterator = (await caller.live.site({ siteId }))[Symbol.asyncIterator]();
  return { next: nextWithin(iterator), leave: () => leave.abort() };
}

async function staffAt(site: { id: string; organisationId: string }, roles: ('coordinator' | 'escort')[]) {
  const member = await createStaffWithPassword(h, { organisationId: site.organisationId, siteId: site.id, roles });
  return { ...member, cookie: await sessionCookie(h, member.email) };
}

describe('parseLiveEvent', () => {
  const ids = { organisationId: randomUUID(), siteId: randomUUID(), visitId: randomUUID() };

  it('keeps the ids and drops anything else', () => {
    expect(parseLiveEvent({ type: 'visit', ...ids, visitorName: 'Ada Lovelace' })).toEqual({ type: 'visit', ...ids });
  });

  it('refuses unknown kinds, missing sites and ids that are not uuids', () => {
    expect(parseLiveEvent({ ...ids, type: 'party' })).toBeNull();
    expect(parseLiveEvent({ type: 'visit', organisationId: ids.organisationId })).toBeNull();
    expect(parseLiveEvent({ type: 'visit', ...ids, visitId: 'Ada Lovelace' })).toBeNull();
    expect(parseLiveEvent('visit')).toBeNull();
  });
});

describe('live.site', () => {
  it('sends a coordinator a resync, then each sign-in and sign-out at the kiosk, by id only', async () => {
    const scene = await kioskScene(h);
    const coordinator = await staffAt(scene.site, ['coordinator']);
    const baseline = live.subscriberCount();
    const feed = await subscribe(coordinator.cookie, scene.site.id);
    expect(await feed.next()).toEqual({ done: false, value: { type: 'resync' } });

    const receipt = await scene.caller.visits.signIn(visitorInput(scene, { fullName: 'Ada Lovelace' }));
    // Live events follow their commit through the job outbox (live/publish.ts), as the server's worker drains it.
    const failures: unknown[] = [];
    const drain = () =>
      drainAfterCommit(h.db, {
        handlers: notifyHandler,
        limit: EVERY_DUE_ROW,
        onError: (_, err) => failures.push(err),
      });
    await drain();
    expect(failures).toEqual([]);
    const visit = await h.db.query.visit.findFirst({ where: (v, { eq }) => eq(v.siteId, scene.site.id) });
    const expected = {
      type: 'visit',
      organisationId: scene.organisation.id,
      siteId: scene.site.id,
      visitId: visit?.id,
    };
    const signedIn = await feed.next();
    expect(signedIn).toEqual({ done: false, value: expected });
    expect(JSON.stringify(signedIn)).not.toMatch(/Ada|Lovelace|Navy|Research|Hopper/);
    expect(JSON.stringify(signedIn)).not.toContain(receipt.visitCode);

    await scene.caller.visits.signOut({ visitCode: receipt.visitCode });
    await drain();
    expect(await feed.next()).toEqual({ done: false, value: expected });
    expect(failures).toEqual([]);

    expect(live.subscriberCount()).toBe(baseline + 1);
    feed.leave();
    expect(await feed.next()).toEqual({ done: true, value: undefined });
    expect(live.subscriberCount()).toBe(baseline);
  });

  it('sends someone who is only an escort at the site just the events about them', async () => {
    const { organisation, site } = await createTestOrganisation(h.db);
    const escort = await staffAt(site, ['escort']);
    const both = await staffAt(site, ['coordinator', 'escort']);
    const escortFeed = await subscribe(escort.cookie, site.id);
    const bothFeed = await subscribe(both.cookie, site.id);
    await escortFeed.next();
    await bothFeed.next();
    const base = { organisationId: organisation.id, siteId: site.id };
    const events = [
      { type: 'visit' as const, ...base, visitId: randomUUID() },
      { type: 'escort' as const, ...base, visitId: randomUUID(), staffId: both.id },
      { type: 'escort' as const, ...base, visitId: randomUUID(), staffId: escort.id },
    ];
    for (const event of events) await notifyLiveEvent(h.db, event);
    expect((await escortFeed.next()).value).toEqual(events[2]);
    for (const event of events) expect((await bothFeed.next()).value).toEqual(event);
    escortFeed.leave();
    bothFeed.leave();
  });

  it('refuses staff of another site (FORBIDDEN) and anyone signed out (UNAUTHORIZED)', async () => {
    const here = await createTestOrganisation(h.db);
    const there = await createTestOrganisation(h.db);
    const outsider = await staffAt(there.site, ['coordinator']);
    await expect(createCaller(contextFor(outsider.cookie)).live.site({ siteId: here.site.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(createCaller(contextFor(null)).live.site({ siteId: here.site.id })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('says clearly when the server was given no listener', async () => {
    const { site } = await createTestOrganisation(h.db);
    const coordinator = await staffAt(site, ['coordinator']);
    await expect(createCaller(contextFor(coordinator.cookie, false)).live.site({ siteId: site.id })).rejects.toThrow(
      'Live updates need a listener',
    );
  });
});

describe('live.site over HTTP (tRPC fetch adapter, server-sent events)', () => {
  async function openStream(cookie: string, siteId: string, signal: AbortSignal) {
    const input = encodeURIComponent(JSON.stringify({ json: { siteId } }));
    const req = new Request(`http://localhost/trpc/live.site?input=${input}`, { headers: { cookie }, signal });
    const createContext = createContextFactory({ db: h.db, auth: h.auth, live });
    const res = await fetchRequestHandler({ endpoint: '/trpc', req, router: appRouter, createContext });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const body = res.body;
    if (!body) throw new Error('a subscription response has a body');
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    // Reads until the first data message (the resync), after the "connected" event.
    while (!/\ndata: .*resync/.test(text)) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`stream ended early: ${text}`);
      text += chunk.value;
    }
    return reader;
  }

  it('unsubscribes when the request is aborted, and when the client only cancels the body', async () => {
    const { site } = await createTestOrganisation(h.db);
    const coordinator = await staffAt(site, ['coordinator']);
    const baseline = live.subscriberCount();

    const aborted = new AbortController();
    await openStream(coordinator.cookie, site.id, aborted.signal);
    expect(live.subscriberCount()).toBe(baseline + 1);
    aborted.abort();
    await vi.waitFor(() => expect(live.subscriberCount()).toBe(baseline), { timeout: 5000 });

    const reader = await openStream(coordinator.cookie, site.id, new AbortController().signal);
    expect(live.subscriberCount()).toBe(baseline + 1);
    await reader.cancel();
    await vi.waitFor(() => expect(live.subscriberCount()).toBe(baseline), { timeout: 5000 });
  });
});
