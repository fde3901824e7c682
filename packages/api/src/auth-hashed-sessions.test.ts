import { createHash } from 'node:crypto';
import { createTestOrganisation } from '@threshold/db/testing';
import { makeSignature } from 'better-auth/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHarness,
  createStaffWithPassword,
  httpCall,
  TEST_PASSWORD,
  testPasswordHash,
} from './test-support/harness.ts';
import { authGetSession, authPost, CookieJar, enrolDirectly, signInWithTotp } from './test-support/two-factor.ts';

const h = createHarness();
afterAll(() => h.close());

let site: { id: string; organisationId: string };
beforeAll(async () => {
  await testPasswordHash();
  site = (await createTestOrganisation(h.db, 'Hashed sessions org')).site;
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The token inside a `threshold.session_token=<token>.<signature>` cookie. */
function tokenOf(cookie: string | null): string {
  const value = decodeURIComponent(cookie?.split('=').slice(1).join('=') ?? '');
  const token = value.slice(0, value.lastIndexOf('.'));
  if (!token) throw new Error('no session cookie');
  return token;
}

async function storedTokens(staffId: string): Promise<string[]> {
  const rows = await h.handle.sql<{ token: string }[]>`select token from auth_session where user_id = ${staffId}`;
  return rows.map((r) => r.token);
}

const me = (cookie: string) => httpCall(h, { cookie }, { path: 'staff.me', type: 'query', input: undefined });

async function coordinator() {
  return createStaffWithPassword(h, { organisationId: site.organisationId, siteId: site.id, roles: ['coordinator'] });
}

describe('session tokens are stored as SHA-256 hashes', () => {
  it('after sign-in the row holds the hash of the cookie’s token, never the token', async () => {
    const m = await coordinator();
    const jar = new CookieJar();
    expect((await authPost(h, jar, '/sign-in/email', { email: m.email, password: TEST_PASSWORD })).status).toBe(200);
    const token = tokenOf(jar.session());
    expect(await storedTokens(m.id)).toEqual([sha256(token)]);
    expect((await me(jar.header())).status).toBe(200);
  });

  it('refresh, then sign-out, find the session by its hash', async () => {
    const m = await coordinator();
    const jar = new CookieJar();
    await authPost(h, jar, '/sign-in/email', { email: m.email, password: TEST_PASSWORD });
    const token = tokenOf(jar.session());
    // Old enough for get-session to extend it (updateAge).
    await h.handle.sql`update auth_session set updated_at = now() - interval '10 minutes',
      expires_at = now() + interval '5 minutes' where user_id = ${m.id}`;
    const refreshed = await authGetSession(h, jar);
    expect(refreshed.status).toBe(200);
    const [row] = await h.handle.sql<{ token: string; left: number }[]>`
      select token, extract(epoch from expires_at - now())::float8 as left from auth_session where user_id = ${m.id}`;
    expect(row?.token).toBe(sha256(token));
    expect(row?.left).toBeGreaterThan(14 * 60);
    expect((await authPost(h, jar, '/sign-out', {})).status).toBe(200);
    expect(await storedTokens(m.id)).toEqual([]);
  });

  it('the two-factor step ends with one hashed session that works', async () => {
    const m = await coordinator();
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await enrolDirectly(h, m.id, secret);
    const cookie = await signInWithTotp(h, m.email, secret);
    expect(await storedTokens(m.id)).toEqual([sha256(tokenOf(cookie))]);
    expect((await me(cookie)).status).toBe(200);
  });

  it('what the table holds is no cookie: a validly signed cookie carrying the stored value is refused', async () => {
    const m = await coordinator();
    const jar = new CookieJar();
    await authPost(h, jar, '/sign-in/email', { email: m.email, password: TEST_PASSWORD });
    const [stored = ''] = await storedTokens(m.id);
    const { secret } = await h.auth.$context;
    const forged = `threshold.session_token=${encodeURIComponent(`${stored}.${await makeSignature(stored, secret)}`)}`;
    expect((await me(forged)).status).toBe(401);
    // The same construction with the real token is accepted, so the refusal is about the value alone.
    const token = tokenOf(jar.session());
    const genuine = `threshold.session_token=${encodeURIComponent(`${token}.${await makeSignature(token, secret)}`)}`;
    expect((await me(genuine)).status).toBe(200);
  });
});
