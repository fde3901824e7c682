import { createTestOrganisation } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminAccount } from './domain/accounts.ts';
import { createHarness, errorOf, httpCall } from './test-support/harness.ts';
import { authPost, CookieJar } from './test-support/two-factor.ts';

const h = createHarness();
afterAll(() => h.close());

let site: { id: string; organisationId: string };
beforeAll(async () => {
  site = (await createTestOrganisation(h.db, 'First sign-in org')).site;
});

const me = (cookie: string) => httpCall(h, { cookie }, { path: 'staff.me', type: 'query', input: undefined });

describe('the first admin’s generated password (create-admin)', () => {
  it('must be replaced before anything else works; changing it through better-auth lets them in', async () => {
    const email = `first-${Date.now()}@example.org`;
    const { password } = await createAdminAccount(h.db, { email, name: 'First Admin', siteId: site.id });
    const jar = new CookieJar();
    expect((await authPost(h, jar, '/sign-in/email', { email, password })).status).toBe(200);
    const refused = await me(jar.header());
    expect(refused.status).toBe(401);
    expect(errorOf(refused)).toMatchObject({
      message: 'Choose a new password to replace the one you were given before carrying on.',
      data: { reason: 'password_change_required' },
    });

    const wrong = await authPost(h, jar, '/change-password', {
      currentPassword: 'not the password at all',
      newPassword: 'a new password of my own',
    });
    expect(wrong.status).toBe(400);
    expect((await me(jar.header())).status).toBe(401);

    const changed = await authPost(h, jar, '/change-password', {
      currentPassword: password,
      newPassword: 'a new password of my own',
    });
    expect(changed.status).toBe(200);
    expect((await me(jar.header())).status).toBe(200);
    const again = new CookieJar();
    expect((await authPost(h, again, '/sign-in/email', { email, password })).status).toBe(401);
    expect((await authPost(h, again, '/sign-in/email', { email, password: 'a new password of my own' })).status).toBe(
      200,
    );
    expect((await me(again.header())).status).toBe(200);
  });
});
