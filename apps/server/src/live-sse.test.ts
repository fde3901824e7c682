import { randomUUID } from 'node:crypto';
import { type ServerType, serve } from '@hono/node-server';
import { createAuth, hashSecret } from '@threshold/api';
import {
  createDatabaseGate,
  createDb,
  type DatabaseGate,
  type DbHandle,
  freePort,
  notifyLiveEvent,
  schema,
} from '@threshold/db';
import { createTestOrganisation, createTestStaff, startTestDatabase, type TestDatabase } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from './app.ts';
import { type LiveHub, startLiveHub } from './live-listener.ts';

// The real Hono app (request log, security headers, no-store) on a real socket, so what is checked here is
// what a browser gets: the stream is not buffered, and closing it ends the subscription on the server.
let database: TestDatabase;
let handle: DbHandle;
let live: LiveHub;
let gate: DatabaseGate;
let server: ServerType;
let base: string;
let scene: { organisationId: string; siteId: string; cookie: string };
const AUTH_SECRET = 'test-secret-that-is-long-enough-for-better-auth';

beforeAll(async () => {
  database = await startTestDatabase();
  handle = createDb(database.appUrl, { max: 4 });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const auth = createAuth({
    db: handle.db,
    secret: AUTH_SECRET,
    baseURL: base,
    trustedOrigins: [base],
  });
  live = await startLiveHub(database.appUrl);
  gate = createDatabaseGate(database.appUrl);
  const app = createApp({
    db: handle.db,
    auth,
    mailMode: 'outbox',
    live: live.listener,
    database: gate,
    publicUrl: base,
    trustedOrigins: [base],
  });
  server = await new Promise<ServerType>((ready) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => ready(s));
  });
  scene = await coordinatorScene();
}, 60_000);

afterAll(async () => {
  const closing = new Promise<void>((done) => server.close(() => done()));
  await live.close();
  await closing;
  await gate.stop();
  await handle.close();
  await database.stop();
}, 60_000);

async function coordinatorScene() {
  const { organisation, site } = await createTestOrganisation(handle.db);
  const member = await createTestStaff(handle.db, {
    organisationId: organisation.id,
    siteId: site.id,
    roles: ['coordinator'],
  });
  const password = 'live stream test password';
  await handle.db.insert(schema.authAccount).values({
    id: randomUUID(),
    accountId: member.id,
    providerId: 'credential',
    userId: member.id,
    password: await hashSecret(password),
  });
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: member.email, password }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { organisationId: organisation.id, siteId: site.id, cookie };
}

/** Reads server-sent events as they arrive; `until` resolves with all text so far once it matches. */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  return {
    async until(pattern: RegExp): Promise<string> {
      while (!pattern.test(text)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`stream ended before ${pattern}: ${text}`);
        text += chunk.value;
      }
      return text;
    },
  };
}

describe('a tRPC answer through the Hono server', () => {
  it('is whole, not cached, and carries the security headers', async () => {
    const res = await fetch(`${base}/trpc/staff.me`, { headers: { cookie: scene.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await res.text();
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(JSON.parse(body)).toMatchObject({ result: { data: { json: { roles: [{ siteId: scene.siteId }] } } } });
  });
});

describe('live.site through the Hono server', () => {
  it('streams events as they happen, with the security headers, and unsubscribes when the client leaves', async () => {
    const baseline = live.listener.subscriberCount();
    const leave = new AbortController();
    const input = encodeURIComponent(JSON.stringify({ json: { siteId: scene.siteId } }));
    const res = await fetch(`${base}/trpc/live.site?input=${input}`, {
      headers: { cookie: scene.cookie },
      signal: leave.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const body = res.body;
    if (!body) throw new Error('a subscription response has a body');
    const events = sseReader(body);

    // The first message arrives while the response is still open: nothing buffers the stream.
    await events.until(/data: \{"json":\{"type":"resync"\}\}/);
    expect(live.listener.subscriberCount()).toBe(baseline + 1);

    const visitId = randomUUID();
    await notifyLiveEvent(handle.db, {
      type: 'visit',
      organisationId: scene.organisationId,
      siteId: scene.siteId,
      visitId,
    });
    await events.until(new RegExp(`data: .*"visitId":"${visitId}"`));

    leave.abort();
    await vi.waitFor(() => expect(live.listener.subscriberCount()).toBe(baseline), { timeout: 5000 });
  });

  it('ends open streams without tRPC\'s "done" event when the listener closes, so browsers reconnect', async () => {
    const own = await startLiveHub(database.appUrl);
    const port = await freePort();
    const auth = createAuth({ db: handle.db, secret: AUTH_SECRET, baseURL: base, trustedOrigins: [base] });
    const app = createApp({
      db: handle.db,
      auth,
      mailMode: 'outbox',
      live: own.listener,
      database: gate,
      publicUrl: base,
      trustedOrigins: [base],
    });
    const second = await new Promise<ServerType>((ready) => {
      const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => ready(s));
    });
    const input = encodeURIComponent(JSON.stringify({ json: { siteId: scene.siteId } }));
    const res = await fetch(`http://127.0.0.1:${port}/trpc/live.site?input=${input}`, {
      headers: { cookie: scene.cookie },
    });
    const body = res.body;
    if (!body) throw new Error('a subscription response has a body');
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('resync')) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`stream ended early: ${text}`);
      text += chunk.value;
    }

    // Shut down as boot's stop() does: stop taking connections, end the live streams, then wait for the server.
    const closing = new Promise<void>((done) => second.close(() => done()));
    await own.close();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += chunk.value;
    // The ended stream's connection closes with it, so the server is not kept waiting for a keep-alive timeout.
    const closedWithin = await Promise.race([
      closing.then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still open after 1 s'), 1000)),
    ]);
    expect(closedWithin).toBe('closed');
    expect(text).not.toContain('event: return');
    expect(text).not.toContain('event: serialized-error');
  });
});
