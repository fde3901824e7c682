import { createTestOrganisation } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountDelayMs } from './auth-limits.ts';
import { createHarness, createStaffWithPassword, TEST_PASSWORD, testPasswordHash } from './test-support/harness.ts';
import { authPost, CookieJar, enrolDirectly, totpCode, wrongTotpCode } from './test-support/two-factor.ts';

const h = createHarness();
afterAll(() => h.close());

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let site: { id: string; organisationId: string };
beforeAll(async () => {
  await testPasswordHash();
  site = (await createTestOrganisation(h.db, 'Auth limits org')).site;
});

const countOf = async (key: string) =>
  (await h.handle.sql<{ count: number }[]>`select count from rate_limit where key = ${key}`)[0]?.count ?? 0;

describe('accountDelayMs', () => {
  it('is free for three attempts, then 1, 2, 4 and at most 8 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map(accountDelayMs)).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 8000, 8000]);
  });
});

describe('second-factor codes', () => {
  it('are counted per account across sign-ins, slowed after three, and a right code takes its count back', async () => {
    const m = await createStaffWithPassword(h, {
      organisationId: site.organisationId,
      siteId: site.id,
      roles: ['coordinator'],
    });
    await enrolDirectly(h, m.id, SECRET);
    const key = `auth-second-factor:${m.id}`;
    const wrong = await wrongTotpCode(SECRET);
    // Each sign-in's two-factor cookie is good for a few tries only (better-auth's own limit): a new sign-in does not
    // start the account's count again.
    for (let round = 0; round < 2; round++) {
      const jar = new CookieJar();
      expect((await authPost(h, jar, '/sign-in/email', { email: m.email, password: TEST_PASSWORD })).status).toBe(200);
      for (let i = 0; i < 2; i++) {
        expect((await authPost(h, jar, '/two-factor/verify-totp', { code: wrong })).status).toBe(401);
      }
    }
    expect(await countOf(key)).toBe(4);

    const jar = new CookieJar();
    await authPost(h, jar, '/sign-in/email', { email: m.email, password: TEST_PASSWORD });
    const started = performance.now();
    expect((await authPost(h, jar, '/two-factor/verify-totp', { code: await totpCode(SECRET) })).status).toBe(200);
    // The fifth attempt waited 2 s before it was looked at, right as it was.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
    expect(await countOf(key)).toBe(4);
  });

  it('keeps no email address in the limiter', async () => {
    const jar = new CookieJar();
    await authPost(h, jar, '/sign-in/email', { email: 'somebody@example.org', password: 'not the password at all' });
    const keys = await h.handle.sql<{ key: string }[]>`select key from rate_limit where key like 'auth-%'`;
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => k.key.includes('@'))).toEqual([]);
  });
});
