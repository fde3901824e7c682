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
import { authPost, CookieJar } from './test-support/two-factor.ts';

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
