import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPairingCode, hashSecret, publishDefaultDocuments } from '@threshold/api';
import { startTestSmtp, type TestSmtp } from '@threshold/api/testing';
import {
  createDb,
  type DbHandle,
  decryptValue,
  type EmbeddedDatabase,
  freePort,
  migrateDatabase,
  namePrefixQuery,
  roleOf,
  schema,
  startEmbeddedPostgres,
} from '@threshold/db';
import { createTestOrganisation, createTestStaff, TEST_KEYS } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boot, type Running } from './boot.ts';
import { loadEnv } from './env.ts';

// The whole server in this process (pool, LISTEN, pg-boss, after-commit worker, email sender, audit sealer) on a
// PostgreSQL this test stops and starts again under it: everything must come back by itself.
const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

let dir: string;
let pgPort: number;
let database: EmbeddedDatabase;
let owner: DbHandle;
let smtp: TestSmtp;
let running: Running;
let base: string;
let scene: { siteId: string; organisationId: string; kioskToken: string; cookie: string };

async function startPostgres() {
  database = await startEmbeddedPostgres(dir, { port: pgPort, fast: true });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'threshold-outage-'));
  pgPort = await freePort();
  await startPostgres();
  await migrateDatabase(database.ownerUrl, roleOf(database.appUrl));
  smtp = await startTestSmtp();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  process.env.THRESHOLD_QUIET = '1';
  running = await boot(
    loadEnv({
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATABASE_URL: database.appUrl,
      DATABASE_OWNER_URL: database.ownerUrl,
      SMTP_URL: smtp.url,
      AUTH_SECRET: 'outage-test-secret-that-is-long-enough',
      THRESHOLD_KEYS: TEST_KEYS,
    }),
  );
  owner = createDb(database.ownerUrl, { max: 2 });
  scene = await prepareScene();
}, 120_000);

afterAll(async () => {
  await running?.stop();
  await owner?.close();
  await smtp?.close();
  await database?.stop();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

async function prepareScene() {
  const { organisation, site } = await createTestOrganisation(owner.db);
  await publishDefaultDocuments(owner.db, {
    organisationId: organisation.id,
    siteId: site.id,
    now: new Date(Date.now() - 60_000),
  });
  // Short enough that the escort check fires during the test.
  await owner.sql`update site set escort_confirm_seconds = 1 where id = ${site.id}`;
  const { code } = await createPairingCode(owner.db, {
    siteId: site.id,
    organisationId: organisation.id,
    createdByStaffId: null,
    now: new Date(),
  });
  const paired = (await trpc('kiosk.pair', { code, deviceName: 'Outage kiosk' })).json as { token: string };
  const member = await createTestStaff(owner.db, {
    organisationId: organisation.id,
    siteId: site.id,
    roles: ['coordinator'],
  });
  await owner.db.insert(schema.authAccount).values({
    id: randomUUID(),
    accountId: member.id,
    providerId: 'credential',
    userId: member.id,
    password: await hashSecret('outage test password'),
  });
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: member.email, password: 'outage test password' }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { siteId: site.id, organisationId: organisation.id, kioskToken: paired.token, cookie };
}

/** A tRPC mutation over real HTTP (superjson's wire format, no Dates in these inputs). */
async function trpc(path: string, input: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ json: input }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: unknown } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json: body.result?.data.json, body };
}

let documents: Record<string, { id: string; sha256: string }> | null = null;

/** The journey's documents, fetched once while the database answers (a kiosk keeps them too). */
async function journeyDocuments() {
  if (documents) return documents;
  const input = encodeURIComponent(JSON.stringify({ json: { language: 'en' } }));
  const res = await fetch(`${base}/trpc/kiosk.documents?input=${input}`, {
    headers: { authorization: `Bearer ${scene.kioskToken}` },
  });
  const body = (await res.json()) as { result: { data: { json: Record<string, { id: string; sha256: string }> } } };
  documents = body.result.data.json;
  return documents;
}

async function signIn(fullName: string) {
  const d = await journeyDocuments();
  const ref = (slot: string) => ({ documentId: d[slot]?.id, documentSha256: d[slot]?.sha256 });
  return trpc(
    'visits.signIn',
    {
      idempotencyKey: randomUUID(),
      language: 'en',
      fullName,
      organisation: 'Outage Ltd',
      category: 'contractor',
      purpose: 'Testing',
      hostName: 'Nobody',
      email: 'copy@example.org',
      signature: { ...ref('form'), typedName: fullName, imagePng: TINY_PNG },
      confidentialityPolicy: ref('confidentialityPolicy'),
      disclosurePolicy: ref('disclosurePolicy'),
      noPhotography: ref('noPhotography'),
    },
    { authorization: `Bearer ${scene.kioskToken}` },
  );
}

/** Reads the live stream as it arrives; `until` resolves once the text so far matches. */
async function openLiveStream() {
  const input = encodeURIComponent(JSON.stringify({ json: { siteId: scene.siteId } }));
  const res = await fetch(`${base}/trpc/live.site?input=${input}`, { headers: { cookie: scene.cookie } });
  const body = res.body;
  if (!body) throw new Error('a subscription has a body');
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  return {
    async count(pattern: RegExp, atLeast: number, ms = 20_000) {
      const deadline = Date.now() + ms;
      while ((text.match(new RegExp(pattern, 'g')) ?? []).length < atLeast) {
        if (Date.now() > deadline) throw new Error(`${pattern} seen fewer than ${atLeast} times: ${text}`);
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`stream ended: ${text}`);
        text += chunk.value;
      }
    },
    close: () => reader.cancel(),
  };
}

describe('PostgreSQL stops and starts again under a running server', () => {
  it('refuses at once with 503 and Retry-After while it is down, and resumes everything by itself', async () => {
    const before = await signIn('Before Outage');
    expect(before.status).toBe(200);
    const live = await openLiveStream();
    await live.count(/"type":"resync"/, 1);

    await database.stop();
    const started = Date.now();
    // The first request to meet the outage is a member of staff's: it must not look like a lost session (401).
    const board = await fetch(
      `${base}/trpc/visits.onSite?input=${encodeURIComponent(JSON.stringify({ json: { siteId: scene.siteId } }))}`,
      { headers: { cookie: scene.cookie } },
    );
    expect(board.status).toBe(503);
    const refused = await signIn('During Outage');
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toBe('5');
    expect(JSON.stringify(refused.body)).toContain('SERVICE_UNAVAILABLE');
    await vi.waitFor(async () => expect((await fetch(`${base}/health`)).status).toBe(503), { timeout: 10_000 });
    // Once the server knows, it answers without waiting for a connection.
    const fast = Date.now();
    expect((await signIn('Still Down')).status).toBe(503);
    expect(Date.now() - fast).toBeLessThan(1000);
    const health = await fetch(`${base}/health`);
    expect(health.headers.get('retry-after')).toBe('5');
    expect(await health.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
    const staffLogin = await fetch(`${base}/api/auth/get-session`, { headers: { cookie: scene.cookie } });
    expect(staffLogin.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(20_000);

    await startPostgres();
    await vi.waitFor(async () => expect((await fetch(`${base}/health`)).status).toBe(200), { timeout: 20_000 });
    // LISTEN came back: the board is told to refetch (what was sent meanwhile is lost), then hears new events.
    await live.count(/"type":"resync"/, 2, 30_000);
    const after = await vi.waitFor(
      async () => {
        const r = await signIn('After Outage');
        expect(r.status).toBe(200);
        return r;
      },
      { timeout: 20_000, interval: 500 },
    );
    expect(after.json).toMatchObject({ replayed: false });

    await live.count(/"type":"visit"/, 1, 30_000);
    await live.close();

    const afterVisit = await owner.sql<
      { id: string }[]
    >`select id from visit where visitor_name_index @> ${namePrefixQuery('After Outage')}::text[]`;
    const visitId = afterVisit[0]?.id ?? '';
    // pg-boss came back: the escort check of the new visit ran and raised its alert.
    await vi.waitFor(
      async () => {
        const [alert] = await owner.sql`select kind from alert where visit_id = ${visitId}`;
        expect(alert).toMatchObject({ kind: 'unescorted' });
      },
      { timeout: 30_000, interval: 500 },
    );
    // The email sender came back: both visitors' copies were delivered.
    await vi.waitFor(() => expect(smtp.received.length).toBeGreaterThanOrEqual(2), { timeout: 30_000 });
    // The audit sealer came back: every row is in the chain.
    await vi.waitFor(
      async () => {
        const [row] = await owner.sql<{ n: number }[]>`
          select count(*)::int as n from audit_event where organisation_id = ${scene.organisationId} and hash is null`;
        expect(row?.n).toBe(0);
      },
      { timeout: 30_000, interval: 500 },
    );
    // The job outbox is empty: nothing that followed a commit was left behind.
    const [left] = await owner.sql<{ n: number }[]>`select count(*)::int as n from job_outbox`;
    expect(left?.n).toBe(0);
    const visits = await owner.sql<{ visitor_name: Buffer }[]>`
      select visitor_name from visit where organisation_id = ${scene.organisationId} order by signed_in_at`;
    expect(visits.map((v) => decryptValue(v.visitor_name))).toEqual(['Before Outage', 'After Outage']);
  }, 180_000);
});
