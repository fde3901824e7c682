import { randomUUID } from 'node:crypto';
import { createDb } from '@threshold/db';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createContextFactory } from '../context.ts';
import type { DisplayBoard, DisplayMessage } from '../domain/display-board.ts';
import { DISPLAY_BEAT_SECONDS } from '../domain/display-stream.ts';
import { drainAfterCommit, notifyHandler } from '../jobs/after-commit.ts';
import { listenForLiveEvents } from '../live/listener.ts';
import { appRouter } from '../root.ts';
import { EVERY_DUE_ROW } from '../test-support/drain.ts';
import {
  auditRowsOfType,
  callerFor,
  createHarness,
  createStaffWithPassword,
  kioskScene,
  sessionCookie,
  visitorInput,
} from '../test-support/harness.ts';
import { nextWithin } from '../test-support/live-iterator.ts';
import { createCallerFactory } from '../trpc.ts';

const h = createHarness();
afterAll(() => h.close());

const createCaller = createCallerFactory(appRouter);

/** A caller with a bearer token, from a client address of its own (the pairing limits count per address). */
function displayCaller(opts: { token?: string; address?: string; now?: Date; signal?: AbortSignal } = {}) {
  const headers = new Headers(opts.token ? { authorization: `Bearer ${opts.token}` } : {});
  const fixed = opts.now;
  const factory = createContextFactory({ db: h.db, auth: h.auth, ...(fixed ? { now: () => fixed } : {}) });
  const ctx = factory({
    req: new Request('http://localhost/trpc', { headers }),
    clientAddress: opts.address ?? randomUUID(),
  });
  return createCaller(ctx, opts.signal ? { signal: opts.signal } : {});
}

async function scene() {
  const s = await kioskScene(h);
  const admin = await createStaffWithPassword(h, {
    organisationId: s.organisation.id,
    siteId: s.site.id,
    roles: ['admin'],
  });
  const asAdmin = callerFor(h, { cookie: await sessionCookie(h, admin.email) });
  const siteId = s.site.id;
  const addPaired = async (name = 'Reception screen', hours = { namesFrom: '00:00', namesUntil: '23:59' }) => {
    const { displayId } = await asAdmin.displays.add({ siteId, name, ...hours });
    const { code } = await asAdmin.displays.createPairingCode({ siteId, displayId });
    const { token } = await displayCaller().displays.pair({ code });
    return { displayId, token };
  };
  return { ...s, siteId, asAdmin, addPaired };
}

/** Opens the display's board stream; `next()` fails the test after `DISPLAY_BEAT_SECONDS` + 3 s of silence. */
async function watch(token: string, opts: { names?: boolean; now?: Date } = {}) {
  const leave = new AbortController();
  const caller = displayCaller({ token, signal: leave.signal, ...(opts.now ? { now: opts.now } : {}) });
  const iterator = (await caller.displays.board({ names: opts.names ?? true }))[Symbol.asyncIterator]();
  const next = nextWithin<DisplayMessage>(iterator, (DISPLAY_BEAT_SECONDS + 3) * 1000);
  return {
    board: async (): Promise<DisplayBoard> => {
      const { value } = await next();
      if (value?.kind !== 'board') throw new Error(`expected the board, got ${JSON.stringify(value)}`);
      return value;
    },
    next,
    leave: () => leave.abort(),
  };
}

describe('adding and pairing a board display', () => {
  it('pairs a named display with a one-time code; the admin sees it with its last-seen time', async () => {
    const s = await scene();
    const { displayId, token } = await s.addPaired();
    expect(token.length).toBeGreaterThanOrEqual(43);
    const [listed] = await s.asAdmin.displays.list({ siteId: s.siteId });
    expect(listed).toMatchObject({ id: displayId, name: 'Reception screen', revokedAt: null });
    expect(listed?.pairedAt).toBeInstanceOf(Date);
    expect(listed?.lastSeenAt).toBeInstanceOf(Date);
    expect(JSON.stringify(listed)).not.toContain(token);
    for (const type of ['display.added', 'display.pairing_code_created', 'display.paired']) {
      const rows = await auditRowsOfType(h, s.organisation.id, type);
      expect(rows, type).toHaveLength(1);
      expect(rows[0]?.data).toMatchObject({ displayId });
    }
  });

  it('refuses a used code and an expired one; pairing again stops the browser paired before', async () => {
    const s = await scene();
    const { displayId } = await s.asAdmin.displays.add({
      siteId: s.siteId,
      name: 'Hall',
      namesFrom: '07:00',
      namesUntil: '20:00',
    });
    const { code } = await s.asAdmin.displays.createPairingCode({ siteId: s.siteId, displayId });
    const first = await displayCaller().displays.pair({ code });
    await expect(displayCaller().displays.pair({ code })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const later = new Date(Date.now() + 11 * 60_000);
    const { code: stale } = await s.asAdmin.displays.createPairingCode({ siteId: s.siteId, displayId });
    await expect(displayCaller({ now: later }).displays.pair({ code: stale })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('expire after 10 minutes'),
    });
    const { code: again } = await s.asAdmin.displays.createPairingCode({ siteId: s.siteId, displayId });
    const second = await displayCaller().displays.pair({ code: again });
    await expect(watch(first.token)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const feed = await watch(second.token);
    expect((await feed.board()).displayName).toBe('Hall');
    feed.leave();
  });

  it('limits wrong codes per client address, counting kiosk and display codes together', async () => {
    const address = randomUUID();
    const caller = displayCaller({ address });
    for (let i = 0; i < 10; i++) {
      await expect(caller.displays.pair({ code: String(100000 + i) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    await expect(caller.displays.pair({ code: '999999' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    await expect(caller.kiosk.pair({ code: '999998' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('refuses hours that end before they start, naming the field', async () => {
    const s = await scene();
    await expect(
      s.asAdmin.displays.add({ siteId: s.siteId, name: 'Hall', namesFrom: '18:00', namesUntil: '08:00' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('namesUntil') });
  });
});

describe('displays.board', () => {
  it('shows first names and initials with state and time, and nothing else about the visitor', async () => {
    const s = await scene();
    await s.caller.visits.signIn(
      visitorInput(s, { fullName: 'Amara Grace Nwosu', email: 'amara@example.org', hostName: 'Hana Host' }),
    );
    const { displayId, token } = await s.addPaired();
    const feed = await watch(token);
    const board = await feed.board();
    expect(board.names).toBe('shown');
    expect(board.people).toEqual([{ name: 'Amara N.', state: 'awaiting_escort', since: expect.any(Date) }]);
    expect(board.counts).toEqual({ awaiting_escort: 1, escorted: 0, handover_pending: 0 });
    const sent = JSON.stringify(board);
    for (const secret of ['Nwosu', 'Grace', 'amara@', 'Hana', 'Navy', 'Research']) expect(sent).not.toContain(secret);
    feed.leave();
    const started = await auditRowsOfType(h, s.organisation.id, 'display.showing_started');
    expect(started.map((r) => r.data)).toEqual([{ displayId }]);
  });

  it('sends counts only when reception hides names, and outside the hours names show', async () => {
    const s = await scene();
    await s.caller.visits.signIn(visitorInput(s, { fullName: 'Dara Kim' }));
    const { token } = await s.addPaired('Lobby', { namesFrom: '07:00', namesUntil: '20:00' });
    const hidden = await watch(token, { names: false, now: new Date('2026-12-05T12:00:00Z') });
    expect(await hidden.board()).toMatchObject({ names: 'hidden', people: [], counts: { awaiting_escort: 1 } });
    hidden.leave();
    // 03:00 in London, the test site's time zone.
    const night = await watch(token, { now: new Date('2026-12-05T03:00:00Z') });
    expect(await night.board()).toMatchObject({ names: 'outside_hours', people: [], counts: { awaiting_escort: 1 } });
    night.leave();
    const day = await watch(token, { now: new Date('2026-12-05T12:00:00Z') });
    expect((await day.board()).people.map((p) => p.name)).toEqual(['Dara K.']);
    day.leave();
  });

  it('tells an open display it was revoked within a beat, then ends; its token opens nothing after', async () => {
    const s = await scene();
    const { displayId, token } = await s.addPaired();
    const feed = await watch(token);
    await feed.board();
    await s.asAdmin.displays.revoke({ siteId: s.siteId, displayId });
    let message = await feed.next();
    // A board sent just before the revocation may still arrive first.
    while (message.value?.kind === 'board') message = await feed.next();
    expect(message).toEqual({ done: false, value: { kind: 'revoked' } });
    expect(await feed.next()).toEqual({ done: true, value: undefined });
    await expect(watch(token)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(s.asAdmin.displays.revoke({ siteId: s.siteId, displayId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await auditRowsOfType(h, s.organisation.id, 'display.revoked')).toHaveLength(1);
  });

  it('shows a new name at the next beat after a rename', async () => {
    const s = await scene();
    const { displayId, token } = await s.addPaired('Old name');
    const feed = await watch(token);
    expect((await feed.board()).displayName).toBe('Old name');
    await s.asAdmin.displays.update({
      siteId: s.siteId,
      displayId,
      name: 'Family room screen',
      namesFrom: '00:00',
      namesUntil: '23:59',
    });
    expect((await feed.board()).displayName).toBe('Family room screen');
    feed.leave();
    expect(await auditRowsOfType(h, s.organisation.id, 'display.renamed')).toHaveLength(1);
  });

  it('is refused to a kiosk token, a staff session and nobody', async () => {
    const s = await scene();
    await expect(watch(s.kiosk.token)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(watch('')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const { token } = await s.addPaired();
    await expect(callerFor(h, { kioskToken: token }).kiosk.status()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(callerFor(h, { kioskToken: token }).visits.onSite({ siteId: s.siteId })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});

describe('displays.board with the server’s live listener', () => {
  it('sends the board at once when someone signs in, and ends when the listener closes (server shutting down)', async () => {
    const handle = createDb(inject('databaseUrl'), { max: 1 });
    const live = await listenForLiveEvents(handle.sql);
    try {
      const s = await scene();
      const { token } = await s.addPaired();
      const headers = new Headers({ authorization: `Bearer ${token}` });
      const ctx = createContextFactory({ db: h.db, auth: h.auth, live })({
        req: new Request('http://localhost/trpc', { headers }),
      });
      const leave = new AbortController();
      const iterator = (await createCaller(ctx, { signal: leave.signal }).displays.board({ names: true }))[
        Symbol.asyncIterator
      ]();
      // Well inside the 5 s beat: only the live event can bring it this soon.
      const soon = nextWithin(iterator, 2_000);
      expect((await soon()).value).toMatchObject({ kind: 'board', people: [] });
      await s.caller.visits.signIn(visitorInput(s, { fullName: 'Sokha Chan' }));
      await drainAfterCommit(h.db, { handlers: notifyHandler, limit: EVERY_DUE_ROW, onError: () => {} });
      expect((await soon()).value).toMatchObject({ kind: 'board', people: [{ name: 'Sokha C.' }] });
      await live.close();
      await expect(soon()).rejects.toMatchObject({ name: 'AbortError' });
      leave.abort();
    } finally {
      await live.close();
      await handle.close();
    }
  });
});
