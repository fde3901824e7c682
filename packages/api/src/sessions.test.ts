import { createTestOrganisation } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  createHarness,
  createStaffWithPassword,
  errorOf,
  httpCall,
  signInStaff,
  TEST_PASSWORD,
  testPasswordHash,
} from './test-support/harness.ts';
import { authGetSession, authPost, CookieJar } from './test-support/two-factor.ts';

const h = createHarness();
afterAll(() => h.close());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let site: { id: string; organisationId: string };
beforeAll(async () => {
  await testPasswordHash();
  site = (await createTestOrganisation(h.db, 'Sessions org')).site;
});

/** A coordinator signed in through better-auth, with the jar holding their session cookie. */
async function signedIn() {
  const m = await createStaffWithPassword(h, {
    organisationId: site.organisationId,
    siteId: site.id,
    roles: ['coordinator'],
  });
  const jar = new CookieJar();
  const res = await authPost(h, jar, '/sign-in/email', { email: m.email, password: TEST_PASSWORD });
  expect(res.status).toBe(200);
  return { ...m, jar };
}

const me = (jar: CookieJar) =>
  httpCall(h, { cookie: jar.header() }, { path: 'staff.me', type: 'query', input: undefined });
const reasonOf = (res: Awaited<ReturnType<typeof me>>) => (errorOf(res).data as { reason?: string }).reason;

async function sessionRow(staffId: string) {
  const [row] = await h.handle.sql<{ id: string; expiresAt: number }[]>`
    select id, (extract(epoch from expires_at) * 1000)::float8 as "expiresAt"
      from auth_session where user_id = ${staffId}`;
  return row ?? null;
}

/** Moves a session's clock: signed in `signedInAgo` ms ago, last extended so it expires `expiresIn` ms from now. */
async function age(staffId: string, times: { signedInAgo: number; expiresIn: number }) {
  const now = Date.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  await h.handle.sql`
    update auth_session
       set created_at = ${at(-times.signedInAgo)}::timestamptz,
           updated_at = ${at(times.expiresIn - 15 * MINUTE)}::timestamptz,
           expires_at = ${at(times.expiresIn)}::timestamptz
     where user_id = ${staffId}`;
}

describe('the idle timeout (15 minutes, extended by activity)', () => {
  it('a session gives 15 minutes from sign-in', async () => {
    const m = await signedIn();
    const row = await sessionRow(m.id);
    const left = (row?.expiresAt ?? 0) - Date.now();
    expect(left).toBeGreaterThan(14 * MINUTE);
    expect(left).toBeLessThanOrEqual(15 * MINUTE);
  });

  it('refuses the next request once the session has been idle past its expiry, saying the session ended', async () => {
    const m = await signedIn();
    expect((await me(m.jar)).status).toBe(200);
    await age(m.id, { signedInAgo: 20 * MINUTE, expiresIn: -1000 });
    const res = await me(m.jar);
    expect(res.status).toBe(401);
    expect(reasonOf(res)).toBe('session_ended');
    expect(errorOf(res).message).toBe('Your session has ended. Please sign in again.');
    expect(await sessionRow(m.id)).toBeNull();
  });

  it('a staff request does not extend the session; activity (the app asking better-auth) does', async () => {
    const m = await signedIn();
    await age(m.id, { signedInAgo: 10 * MINUTE, expiresIn: 5 * MINUTE });
    const before = (await sessionRow(m.id))?.expiresAt ?? 0;
    expect((await me(m.jar)).status).toBe(200);
    expect((await sessionRow(m.id))?.expiresAt).toBe(before);

    const extended = await authGetSession(h, m.jar);
    expect(extended.status).toBe(200);
    const after = (await sessionRow(m.id))?.expiresAt ?? 0;
    expect(after - Date.now()).toBeGreaterThan(14 * MINUTE);
    // The browser's cookie is extended with it.
    expect(extended.setCookies.filter((c) => c.startsWith('threshold.session_token='))).toEqual([
      expect.stringMatching(/Max-Age=900/),
    ]);
  });
});

describe('the absolute limit (12 hours from sign-in)', () => {
  it('still works just under 12 hours after sign-in when active', async () => {
    const m = await signedIn();
    await age(m.id, { signedInAgo: 12 * HOUR - 5 * MINUTE, expiresIn: 10 * MINUTE });
    expect((await me(m.jar)).status).toBe(200);
  });

  it('refuses and revokes a session 12 hours after sign-in, however active', async () => {
    const m = await signedIn();
    await age(m.id, { signedInAgo: 12 * HOUR + 1000, expiresIn: 10 * MINUTE });
    const res = await me(m.jar);
    expect(res.status).toBe(401);
    expect(reasonOf(res)).toBe('session_ended');
    expect(await sessionRow(m.id)).toBeNull();
  });
});

describe('signing out and deactivation take effect on the next request', () => {
  it('sign-out: the same cookie is refused at once', async () => {
    const m = await signedIn();
    const stolen = m.jar.header();
    expect((await me(m.jar)).status).toBe(200);
    expect((await authPost(h, m.jar, '/sign-out', {})).status).toBe(200);
    const res = await httpCall(h, { cookie: stolen }, { path: 'staff.me', type: 'query', input: undefined });
    expect(res.status).toBe(401);
    expect(await sessionRow(m.id)).toBeNull();
  });

  it('deactivation: the next request is refused, sign-in is refused, and reactivation does not revive the session', async () => {
    const m = await signedIn();
    const admin = await createStaffWithPassword(h, {
      organisationId: site.organisationId,
      siteId: site.id,
      roles: ['admin'],
    });
    const adminCookie = (await signInStaff(h, admin.email)).cookie ?? '';
    expect((await me(m.jar)).status).toBe(200);

    await callerFor(h, { cookie: adminCookie }).staff.deactivate({ siteId: site.id, staffId: m.id });
    const res = await me(m.jar);
    expect(res.status).toBe(401);
    expect(reasonOf(res)).toBe('session_ended');
    expect((await signInStaff(h, m.email)).cookie).toBeNull();

    await callerFor(h, { cookie: adminCookie }).accounts.reactivate({ siteId: site.id, staffId: m.id });
    expect((await me(m.jar)).status).toBe(401);
    expect((await signInStaff(h, m.email)).cookie).not.toBeNull();
  });
});
