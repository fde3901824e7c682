import { createTestOrganisation } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHarness,
  createStaffWithPassword,
  errorOf,
  httpCall,
  TEST_PASSWORD,
  testPasswordHash,
} from './test-support/harness.ts';
import { authGetSession, authPost, CookieJar } from './test-support/two-factor.ts';

const h = createHarness();
afterAll(() => h.close());

let site: { id: string; organisationId: string };
beforeAll(async () => {
  await testPasswordHash();
  site = (await createTestOrganisation(h.db, 'Session endings org')).site;
});

async function signedIn() {
  const m = await createStaffWithPassword(h, {
    organisationId: site.organisationId,
    siteId: site.id,
    roles: ['escort'],
  });
  const jar = new CookieJar();
  expect((await authPost(h, jar, '/sign-in/email', { email: m.email, password: TEST_PASSWORD })).status).toBe(200);
  return { ...m, jar };
}

/** The refusal's reason and ending, as the admin app reads them from the error's data. */
async function refusal(jar: CookieJar) {
  const res = await httpCall(h, { cookie: jar.header() }, { path: 'staff.me', type: 'query', input: undefined });
  expect(res.status).toBe(401);
  const data = errorOf(res).data as { reason?: string; ending?: string };
  return { reason: data.reason, ending: data.ending };
}

describe('a session that ends says why, where the server can tell', () => {
  it('12 hours after sign-in: absolute', async () => {
    const m = await signedIn();
    await h.handle
      .sql`update auth_session set created_at = now() - interval '12 hours 1 minute' where user_id = ${m.id}`;
    expect(await refusal(m.jar)).toEqual({ reason: 'session_ended', ending: 'absolute' });
  });

  it('deactivated since signing in: deactivated', async () => {
    const m = await signedIn();
    await h.handle.sql`update staff set active = false where id = ${m.id}`;
    expect(await refusal(m.jar)).toEqual({ reason: 'session_ended', ending: 'deactivated' });
  });

  it('a session gone (idle, or signed out elsewhere): ended, with no ending the server could know', async () => {
    const m = await signedIn();
    await h.handle.sql`delete from auth_session where user_id = ${m.id}`;
    expect(await refusal(m.jar)).toEqual({ reason: 'session_ended', ending: undefined });
  });
});

// The first refused request ends the session; others with the same cookie (a board's refresh, the next page's two
// queries) race it or follow it. Each must say why too: whichever answer reaches the app first is the one it shows.
describe('every request of an ended session says why, not only the first', () => {
  it('deactivated: the requests after the first refusal say deactivated too', async () => {
    const m = await signedIn();
    await h.handle.sql`update staff set active = false where id = ${m.id}`;
    expect(await refusal(m.jar)).toEqual({ reason: 'session_ended', ending: 'deactivated' });
    expect(await refusal(m.jar)).toEqual({ reason: 'session_ended', ending: 'deactivated' });
  });

  it('deactivated: requests a few milliseconds apart all say deactivated', async () => {
    const m = await signedIn();
    await h.handle.sql`update staff set active = false where id = ${m.id}`;
    // A few milliseconds apart: some find the session, some arrive while or after the first refusal ends it.
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => new Promise((r) => setTimeout(r, 4 * i)).then(() => refusal(m.jar))),
    );
    expect(answers).toEqual(Array(16).fill({ reason: 'session_ended', ending: 'deactivated' }));
  });

  it('12 hours: the request after the first refusal says absolute too', async () => {
    const m = await signedIn();
    await h.handle
      .sql`update auth_session set created_at = now() - interval '12 hours 1 minute' where user_id = ${m.id}`;
    expect(await refusal(m.jar)).toEqual({ reason: 'session_ended', ending: 'absolute' });
    expect(await refusal(m.jar)).toEqual({ reason: 'session_ended', ending: 'absolute' });
  });

  it("the ended session is still revoked: sign-in's own session check no longer knows it", async () => {
    const m = await signedIn();
    await h.handle.sql`update staff set active = false where id = ${m.id}`;
    await refusal(m.jar);
    expect(await h.handle.sql`select 1 from auth_session where user_id = ${m.id}`).toHaveLength(0);
    await authGetSession(h, m.jar);
    expect(m.jar.session()).toBeNull();
  });

  it("the reason is kept only while the cookie could still be sent: past the session's expiry it is not said", async () => {
    const m = await signedIn();
    await h.handle.sql`update staff set active = false where id = ${m.id}`;
    await refusal(m.jar);
    await h.handle.sql`update auth_verification set expires_at = now() - interval '1 second'
                       where identifier like 'session-ended:%' and value = 'deactivated'`;
    expect(await refusal(m.jar)).toEqual({ reason: 'session_ended', ending: undefined });
  });
});
