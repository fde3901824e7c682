import { randomUUID } from 'node:crypto';
import { createDb, type Db, type DbHandle, schema } from '@threshold/db';
import { createTestOrganisation, createTestStaff } from '@threshold/db/testing';
import type { FieldError, SignInInput, StaffRole } from '@threshold/validators';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { inject } from 'vitest';
import { type Auth, createAuth } from '../auth.ts';
import { createContextFactory } from '../context.ts';
import { createPairingCode } from '../domain/kiosk-pairing.ts';
import { hashSecret } from '../password.ts';
import { appRouter } from '../root.ts';
import { createCallerFactory } from '../trpc.ts';
import { type JourneyRefs, publishDocumentsAt, publishEnglishOnlyAt, refsOf } from './documents.ts';

// Declared by @threshold/db's global setup too; repeated here so this package type-checks on its own.
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    ownerDatabaseUrl: string;
  }
}

export const BASE_URL = 'http://localhost:3000';
export const TEST_PASSWORD = 'correct horse battery staple';
const SESSION_COOKIE = 'threshold.session_token';

export interface Harness {
  db: Db;
  handle: DbHandle;
  auth: Auth;
  close: () => Promise<void>;
}

/** A connection (the application role unless `url` says otherwise) and a better-auth instance over it. */
export function createHarness(opts: { url?: string; max?: number } = {}): Harness {
  const handle = createDb(opts.url ?? inject('databaseUrl'), { max: opts.max ?? 4 });
  const auth = createAuth({
    db: handle.db,
    secret: 'test-secret-that-is-long-enough-for-better-auth',
    baseURL: BASE_URL,
    trustedOrigins: [BASE_URL],
  });
  return { db: handle.db, handle, auth, close: handle.close };
}

export interface Identity {
  kioskToken?: string;
  cookie?: string;
  /** A raw Authorization header, for malformed tokens. */
  authorization?: string;
  /** The clock the procedures see. */
  now?: Date;
  /** The server's tablet heartbeat period (THRESHOLD_KIOSK_HEARTBEAT_SECONDS), when not the default. */
  kioskHeartbeatSeconds?: number;
  /** The owner role's connection, for procedures that need it (erasure). */
  ownerDb?: Db;
}

function headersFor(identity: Identity): Headers {
  const headers = new Headers();
  if (identity.kioskToken !== undefined) headers.set('authorization', `Bearer ${identity.kioskToken}`);
  if (identity.authorization !== undefined) headers.set('authorization', identity.authorization);
  if (identity.cookie !== undefined) headers.set('cookie', identity.cookie);
  return headers;
}

function contextFactory(h: Harness, identity: Identity) {
  const fixed = identity.now;
  return createContextFactory({
    db: h.db,
    auth: h.auth,
    ...(fixed ? { now: () => fixed } : {}),
    ...(identity.kioskHeartbeatSeconds ? { kioskHeartbeatSeconds: identity.kioskHeartbeatSeconds } : {}),
    ...(identity.ownerDb ? { ownerDb: identity.ownerDb } : {}),
  });
}

const createCaller = createCallerFactory(appRouter);

/** A server-side caller of the real router, as the given kiosk, member of staff, or nobody. */
export function callerFor(h: Harness, identity: Identity = {}) {
  const req = new Request('http://localhost/trpc', { headers: headersFor(identity) });
  return createCaller(contextFactory(h, identity)({ req }));
}

export interface HttpResult {
  status: number;
  text: string;
  body: unknown;
}

/** Calls a procedure through tRPC's fetch adapter, so the error formatter and serialisation are the real ones. */
export async function httpCall(
  h: Harness,
  identity: Identity,
  call: { path: string; type: 'query' | 'mutation'; input: unknown },
): Promise<HttpResult> {
  const headers = headersFor(identity);
  const wire = JSON.stringify({ json: call.input });
  const url = new URL(`http://localhost/trpc/${call.path}`);
  let req: Request;
  if (call.type === 'query') {
    url.searchParams.set('input', wire);
    req = new Request(url, { headers });
  } else {
    headers.set('content-type', 'application/json');
    req = new Request(url, { method: 'POST', headers, body: wire });
  }
  const createContext = contextFactory(h, identity);
  const res = await fetchRequestHandler({ endpoint: '/trpc', req, router: appRouter, createContext });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as unknown };
}

/** The formatted error of an HTTP result: `{ message, code, data: { code, httpStatus, fieldErrors } }`. */
export function errorOf(result: HttpResult) {
  const body = result.body as { error?: { json?: unknown } };
  const shape = body.error?.json as
    | {
        message: string;
        code: number;
        data: { code: string; httpStatus: number; fieldErrors: FieldError[] };
      }
    | undefined;
  if (!shape) throw new Error(`expected an error response, got ${result.text}`);
  return shape;
}

let passwordHash: Promise<string> | undefined;
/** argon2id costs ~50 ms, so each test file hashes the shared test password once. */
export function testPasswordHash(): Promise<string> {
  passwordHash ??= hashSecret(TEST_PASSWORD);
  return passwordHash;
}

/** A member of staff who can sign in with TEST_PASSWORD. */
export async function createStaffWithPassword(
  h: Harness,
  params: { organisationId: string; siteId: string; roles: StaffRole[]; name?: string; active?: boolean },
) {
  const member = await createTestStaff(h.db, params);
  await h.db.insert(schema.authAccount).values({
    id: randomUUID(),
    accountId: member.id,
    providerId: 'credential',
    userId: member.id,
    password: await testPasswordHash(),
  });
  return member;
}

/** Signs in through better-auth's HTTP handler; returns the status and the session cookie, if one was set. */
export async function signInStaff(h: Harness, email: string, password = TEST_PASSWORD) {
  const res = await h.auth.handler(
    new Request(`${BASE_URL}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE_URL },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1);
  return { status: res.status, cookie: cookie ?? null };
}

/** Signs a member of staff in and returns their cookie, failing loudly if sign-in did not work. */
export async function sessionCookie(h: Harness, email: string): Promise<string> {
  const { status, cookie } = await signInStaff(h, email);
  if (!cookie) throw new Error(`sign-in for ${email} failed with ${status}`);
  return cookie;
}

/** Pairs a new kiosk at the site through the real `kiosk.pair` procedure. */
export async function pairKioskAt(h: Harness, site: { id: string; organisationId: string }, deviceName = 'Test kiosk') {
  const { code } = await createPairingCode(h.db, {
    siteId: site.id,
    organisationId: site.organisationId,
    createdByStaffId: null,
    now: new Date(),
  });
  return callerFor(h).kiosk.pair({ code, deviceName });
}

/**
 * A fresh organisation and site with its default documents published (English and whatever Khmer defaults
 * exist; only English with `englishOnly`) and one paired kiosk. `documents` are the English refs the kiosk got.
 */
export async function kioskScene(h: Harness, opts: { englishOnly?: boolean } = {}) {
  const { organisation, site } = await createTestOrganisation(h.db);
  if (opts.englishOnly) await publishEnglishOnlyAt(h, site);
  else await publishDocumentsAt(h, site);
  const kiosk = await pairKioskAt(h, site);
  const caller = callerFor(h, { kioskToken: kiosk.token });
  // Fetched exactly as the kiosk fetches them at the start of a journey.
  const documents = refsOf(await caller.kiosk.documents({ language: 'en' }));
  return { organisation, site, kiosk, caller, documents };
}

/** A 1×1 greyscale PNG (valid signature, CRCs and all): what a signature pad sends, only smaller. */
export const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';
export const TINY_PNG = Buffer.from(TINY_PNG_BASE64, 'base64');
export const TINY_PNG_DATA_URL = `data:image/png;base64,${TINY_PNG_BASE64}`;

/** A sign-in with a new signature (not a reused one). */
export type JourneyInput = SignInInput & { signature: NonNullable<SignInInput['signature']> };

/**
 * A complete, valid journey for the scene's kiosk: the current documents, a signature and the visitor's details.
 * The typed name follows `fullName` unless `signature` is overridden. No email unless given.
 */
export function visitorInput(scene: { documents: JourneyRefs }, overrides: Partial<JourneyInput> = {}): JourneyInput {
  const { form, confidentialityPolicy, disclosurePolicy, noPhotography } = scene.documents;
  return {
    idempotencyKey: randomUUID(),
    language: 'en',
    fullName: 'Grace Hopper',
    organisation: 'Navy Research Lab',
    category: 'researcher' as const,
    purpose: 'Research interview',
    hostName: 'Duty Coordinator',
    signature: { ...form, typedName: overrides.fullName ?? 'Grace Hopper', imagePng: TINY_PNG_DATA_URL },
    confidentialityPolicy,
    disclosurePolicy,
    noPhotography,
    ...overrides,
  };
}

export interface RowCounts {
  visits: number;
  signatures: number;
  acknowledgements: number;
  outbox: number;
  audit: number;
}

/** Rows this organisation has, for before/after comparisons. */
export async function countsFor(h: Harness, organisationId: string): Promise<RowCounts> {
  const [row] = await h.handle.sql<RowCounts[]>`
    select (select count(*)::int from visit where organisation_id = ${organisationId}) as visits,
           (select count(*)::int from visit_signature s join visit v on v.id = s.visit_id
             where v.organisation_id = ${organisationId}) as signatures,
           (select count(*)::int from visit_acknowledgement a join visit v on v.id = a.visit_id
             where v.organisation_id = ${organisationId}) as acknowledgements,
           (select count(*)::int from outbox_message where organisation_id = ${organisationId}) as outbox,
           (select count(*)::int from audit_event where organisation_id = ${organisationId}) as audit`;
  if (!row) throw new Error('count query returned nothing');
  return row;
}

export async function auditRowsOfType(h: Harness, organisationId: string, type: string) {
  return h.db.query.auditEvent.findMany({
    where: (t, { and, eq }) => and(eq(t.organisationId, organisationId), eq(t.type, type)),
    orderBy: (t, { asc }) => [asc(t.id)],
  });
}
