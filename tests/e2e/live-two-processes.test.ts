import { randomUUID } from 'node:crypto';
import { type AppRouter, createPairingCode, hashSecret, publishDefaultDocuments } from '@threshold/api';
import { createDb, type DbHandle, schema } from '@threshold/db';
import { createTestOrganisation, createTestStaff, startTestDatabase, type TestDatabase } from '@threshold/db/testing';
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { EventSource } from 'eventsource';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiClient, signInThroughApi, staffCookie } from '../support/api.ts';
import { type RunningServer, startServer } from '../support/server.ts';

// Two real server processes on one PostgreSQL, as behind a load balancer: a kiosk signs in on A, and a
// coordinator subscribed on B hears of it through LISTEN/NOTIFY, by id only.
const PASSWORD = 'two processes, one database';
let database: TestDatabase;
let owner: DbHandle;
let serverA: RunningServer;
let serverB: RunningServer;
let here: Awaited<ReturnType<typeof siteWithCoordinator>>;
let there: Awaited<ReturnType<typeof siteWithCoordinator>>;

beforeAll(async () => {
  database = await startTestDatabase();
  const env = { DATABASE_URL: database.appUrl, DATABASE_OWNER_URL: database.ownerUrl };
  // One after the other: each start applies the migrations.
  serverA = await startServer(env);
  serverB = await startServer(env);
  owner = createDb(database.ownerUrl, { max: 2 });
  here = await siteWithCoordinator('Here');
  there = await siteWithCoordinator('There');
});

afterAll(async () => {
  await serverA?.stop();
  await serverB?.stop();
  await owner?.close();
  await database?.stop();
});

/** DATABASE_URL mode seeds nothing: an organisation, its site, its documents and a coordinator who can sign in. */
async function siteWithCoordinator(name: string) {
  const { organisation, site } = await createTestOrganisation(owner.db, name);
  // Dated a minute back: the kiosk shows only versions whose publication time the database clock has reached.
  await publishDefaultDocuments(owner.db, {
    organisationId: organisation.id,
    siteId: site.id,
    now: new Date(Date.now() - 60_000),
  });
  const coordinator = await createTestStaff(owner.db, {
    organisationId: organisation.id,
    siteId: site.id,
    roles: ['coordinator'],
    name: `${name} Coordinator`,
  });
  await owner.db.insert(schema.authAccount).values({
    id: randomUUID(),
    accountId: coordinator.id,
    providerId: 'credential',
    userId: coordinator.id,
    password: await hashSecret(PASSWORD),
  });
  return { organisationId: organisation.id, siteId: site.id, email: coordinator.email };
}

/**
 * A tRPC client as the admin app builds it (subscriptions over server-sent events, the rest over HTTP), with
 * Node's missing EventSource supplied and the session cookie sent on every request.
 */
function staffClient(baseUrl: string, cookie: string | null) {
  const withCookie = (headers: Record<string, string>) =>
    cookie ? { ...headers, cookie, origin: new URL(baseUrl).origin } : headers;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${baseUrl}/trpc`,
          transformer: superjson,
          EventSource,
          eventSourceOptions: {
            fetch: (input, init) => fetch(input, { ...init, headers: withCookie(init.headers) }),
          },
        }),
        false: httpLink({ url: `${baseUrl}/trpc`, transformer: superjson, headers: () => withCookie({}) }),
      }),
    ],
  });
}

type LiveMessage = { type: string; organisationId?: string; siteId?: string; visitId?: string };

/** Subscribes to a site's live events and records what arrives: messages, the error, connection states. */
function watchSite(client: ReturnType<typeof staffClient>, siteId: string) {
  const messages: LiveMessage[] = [];
  const states: string[] = [];
  let error: unknown = null;
  const subscription = client.live.site.subscribe(
    { siteId },
    {
      onData: (message) => messages.push(message),
      onError: (err) => {
        error = err;
      },
      onConnectionStateChange: (state) => states.push(state.state),
    },
  );
  return { messages, states, error: () => error, stop: () => subscription.unsubscribe() };
}

function codeOf(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}

describe('live updates across two server processes', () => {
  it('tells a coordinator on server B of a sign-in and sign-out at a kiosk on server A, by id only', async () => {
    const code = await createPairingCode(owner.db, {
      siteId: here.siteId,
      organisationId: here.organisationId,
      createdByStaffId: null,
      now: new Date(),
    });
    const { token } = await apiClient(serverA.url).kiosk.pair.mutate({ code: code.code, deviceName: 'Lobby' });
    const kiosk = apiClient(serverA.url, { kioskToken: token });

    const cookie = await staffCookie(serverB.url, here.email, PASSWORD);
    const watch = watchSite(staffClient(serverB.url, cookie), here.siteId);
    // The resync comes once B's subscription is in place: from then on no change can slip past it.
    await vi.waitFor(() => expect(watch.messages).toEqual([{ type: 'resync' }]), { timeout: 10_000 });

    const receipt = await signInThroughApi(kiosk, { fullName: 'Ada Lovelace', organisation: 'Analytical Engines' });
    const [visit] = await owner.sql<{ id: string }[]>`select id from visit where site_id = ${here.siteId}`;
    const expected = { type: 'visit', organisationId: here.organisationId, siteId: here.siteId, visitId: visit?.id };
    await vi.waitFor(() => expect(watch.messages).toEqual([{ type: 'resync' }, expected]), { timeout: 5000 });

    await kiosk.visits.signOut.mutate({ visitCode: receipt.visitCode });
    await vi.waitFor(() => expect(watch.messages).toEqual([{ type: 'resync' }, expected, expected]), {
      timeout: 5000,
    });

    const wire = JSON.stringify(watch.messages);
    for (const secret of ['Ada', 'Lovelace', 'Analytical', receipt.visitCode, here.email]) {
      expect(wire).not.toContain(secret);
    }
    expect(watch.error()).toBeNull();
    watch.stop();
  });

  it('refuses a coordinator of another site (FORBIDDEN) and anyone signed out (UNAUTHORIZED)', async () => {
    const outsiderCookie = await staffCookie(serverB.url, there.email, PASSWORD);
    const outsider = watchSite(staffClient(serverB.url, outsiderCookie), here.siteId);
    const anonymous = watchSite(staffClient(serverA.url, null), here.siteId);
    await vi.waitFor(
      () => {
        expect(codeOf(outsider.error())).toBe('FORBIDDEN');
        expect(codeOf(anonymous.error())).toBe('UNAUTHORIZED');
      },
      { timeout: 10_000 },
    );
    expect(outsider.messages).toEqual([]);
    expect(anonymous.messages).toEqual([]);
    outsider.stop();
    anonymous.stop();
  });

  it('stops cleanly with a subscriber connected, and the subscriber sees it is reconnecting', async () => {
    const cookie = await staffCookie(serverB.url, here.email, PASSWORD);
    const watch = watchSite(staffClient(serverB.url, cookie), here.siteId);
    await vi.waitFor(() => expect(watch.messages).toEqual([{ type: 'resync' }]), { timeout: 10_000 });
    const started = Date.now();
    expect(await serverB.stop()).toBe(0);
    expect(serverB.output()).toContain('Stopped cleanly.');
    expect(Date.now() - started).toBeLessThan(3000);
    // Not an error and not the end: the stream closed without tRPC's "done", so the client tries again.
    await vi.waitFor(() => expect(watch.states.at(-1)).toBe('connecting'), { timeout: 5000 });
    expect(watch.error()).toBeNull();
    watch.stop();
  });
});
