import { setOrganisationRequiresTwoFactor } from '@threshold/db';
import { createTestOrganisation } from '@threshold/db/testing';
import type { StaffRole } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHarness,
  createStaffWithPassword,
  errorOf,
  httpCall,
  sessionCookie,
  TEST_PASSWORD,
  testPasswordHash,
} from './test-support/harness.ts';
import {
  authPost,
  CookieJar,
  enrolDirectly,
  secretOfUri,
  signInWithTotp,
  totpCode,
  wrongTotpCode,
} from './test-support/two-factor.ts';

const h = createHarness();
afterAll(() => h.close());

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let site: { id: string; organisationId: string };
beforeAll(async () => {
  await testPasswordHash();
  site = (await createTestOrganisation(h.db, 'Two-factor org')).site;
});

const newMember = (roles: StaffRole[], at = site) =>
  createStaffWithPassword(h, { organisationId: at.organisationId, siteId: at.id, roles });

const me = (cookie: string) => httpCall(h, { cookie }, { path: 'staff.me', type: 'query', input: undefined });
const reasonOf = (res: Awaited<ReturnType<typeof me>>) => (errorOf(res).data as { reason?: string }).reason;
const sessionsOf = async (staffId: string) =>
  (await h.handle.sql`select id from auth_session where user_id = ${staffId}`).length;

describe('signing in with a password and a TOTP code (better-auth’s real handler)', () => {
  it('the password alone starts no session; the code does', async () => {
    const m = await newMember(['coordinator']);
    await enrolDirectly(h, m.id, SECRET);
    const jar = new CookieJar();

    const password = await authPost(h, jar, '/sign-in/email', { email: m.email, password: TEST_PASSWORD });
    expect(password.status).toBe(200);
    expect(password.body).toEqual({ twoFactorRedirect: true, twoFactorMethods: ['totp'] });
    expect(jar.session()).toBeNull();
    expect(await sessionsOf(m.id)).toBe(0);
    expect((await me(jar.header())).status).toBe(401);

    const code = await authPost(h, jar, '/two-factor/verify-totp', { code: await totpCode(SECRET) });
    expect(code.status).toBe(200);
    const cookie = jar.session();
    expect(cookie).not.toBeNull();
    expect(await sessionsOf(m.id)).toBe(1);
    const res = await me(cookie ?? '');
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('"twoFactorEnabled":true');
  });

  it('refuses a wrong code and starts no session; the right code still works after it', async () => {
    const m = await newMember(['admin']);
    await enrolDirectly(h, m.id, SECRET);
    const jar = new CookieJar();
    await authPost(h, jar, '/sign-in/email', { email: m.email, password: TEST_PASSWORD });

    const wrong = await authPost(h, jar, '/two-factor/verify-totp', { code: await wrongTotpCode(SECRET) });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'INVALID_CODE' });
    expect(jar.session()).toBeNull();
    expect(await sessionsOf(m.id)).toBe(0);

    const right = await authPost(h, jar, '/two-factor/verify-totp', { code: await totpCode(SECRET) });
    expect(right.status).toBe(200);
    expect(jar.session()).not.toBeNull();
  });

  it('refuses a code for someone who has not passed the password step', async () => {
    const jar = new CookieJar();
    const res = await authPost(h, jar, '/two-factor/verify-totp', { code: await totpCode(SECRET) });
    expect(res.status).toBe(401);
    expect(jar.session()).toBeNull();
  });

  it('accepts a backup code instead of the code, once', async () => {
    const m = await newMember(['coordinator']);
    await enrolDirectly(h, m.id, SECRET, ['abcde-12345', 'fghij-67890']);
    const first = new CookieJar();
    await authPost(h, first, '/sign-in/email', { email: m.email, password: TEST_PASSWORD });
    expect((await authPost(h, first, '/two-factor/verify-backup-code', { code: 'abcde-12345' })).status).toBe(200);
    expect(first.session()).not.toBeNull();

    const again = new CookieJar();
    await authPost(h, again, '/sign-in/email', { email: m.email, password: TEST_PASSWORD });
    const reused = await authPost(h, again, '/two-factor/verify-backup-code', { code: 'abcde-12345' });
    expect(reused.status).toBe(401);
    expect(again.session()).toBeNull();
  });

  it('stores the secret encrypted, never as the base32 an authenticator shows', async () => {
    const m = await newMember(['admin']);
    await enrolDirectly(h, m.id, SECRET);
    const [row] = await h.handle.sql<{ secret: string }[]>`select secret from auth_two_factor where user_id = ${m.id}`;
    expect(row?.secret).toBeDefined();
    expect(row?.secret).not.toContain(SECRET);
    expect(row?.secret).not.toContain('base32');
  });
});

describe('enrolment required by the organisation', () => {
  let requiring: { id: string; organisationId: string };
  beforeAll(async () => {
    const scene = await createTestOrganisation(h.db, 'Requires two-factor');
    requiring = scene.site;
    await setOrganisationRequiresTwoFactor(h.db, { organisationId: scene.organisation.id, required: true });
  });

  it('refuses an admin or coordinator who has not enrolled, with a reason the app recognises', async () => {
    for (const role of ['admin', 'coordinator'] as const) {
      const m = await newMember([role], requiring);
      const res = await me(await sessionCookie(h, m.email));
      expect(res.status).toBe(401);
      expect(reasonOf(res)).toBe('two_factor_enrolment_required');
      expect(errorOf(res).message).toContain('requires two-factor sign-in for admins and coordinators');
    }
  });

  it('lets reception and escorts in without enrolling, and anyone in an organisation that does not require it', async () => {
    const desk = await newMember(['reception', 'escort'], requiring);
    expect((await me(await sessionCookie(h, desk.email))).status).toBe(200);
    const elsewhere = await newMember(['admin', 'coordinator']);
    expect((await me(await sessionCookie(h, elsewhere.email))).status).toBe(200);
  });

  it('enrols through better-auth: password, QR secret, a first code; from then on sign-in asks for a code', async () => {
    const m = await newMember(['coordinator'], requiring);
    const jar = new CookieJar();
    await authPost(h, jar, '/sign-in/email', { email: m.email, password: TEST_PASSWORD });
    expect(reasonOf(await me(jar.header()))).toBe('two_factor_enrolment_required');

    const wrongPassword = await authPost(h, jar, '/two-factor/enable', { password: 'not the password at all' });
    expect(wrongPassword.status).toBe(400);
    const enabled = await authPost(h, jar, '/two-factor/enable', { password: TEST_PASSWORD });
    expect(enabled.status).toBe(200);
    const uri = String(enabled.body?.totpURI);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Threshold:/);
    expect(enabled.body?.backupCodes).toHaveLength(10);
    // Not enrolled until a first code proves the app has the secret.
    expect(reasonOf(await me(jar.header()))).toBe('two_factor_enrolment_required');
    const secret = secretOfUri(uri);
    expect((await authPost(h, jar, '/two-factor/verify-totp', { code: await wrongTotpCode(secret) })).status).toBe(401);
    expect(reasonOf(await me(jar.header()))).toBe('two_factor_enrolment_required');

    expect((await authPost(h, jar, '/two-factor/verify-totp', { code: await totpCode(secret) })).status).toBe(200);
    expect((await me(jar.header())).status).toBe(200);

    const next = new CookieJar();
    const password = await authPost(h, next, '/sign-in/email', { email: m.email, password: TEST_PASSWORD });
    expect(password.body).toMatchObject({ twoFactorRedirect: true });
    expect((await me(await signInWithTotp(h, m.email, secret))).status).toBe(200);
  });
});

describe('errors keep their shape', () => {
  it('a request with no session says "Please sign in." and carries no reason', async () => {
    const res = await httpCall(h, {}, { path: 'staff.me', type: 'query', input: undefined });
    expect(res.status).toBe(401);
    expect(errorOf(res)).toMatchObject({ message: 'Please sign in.' });
    expect(errorOf(res).data).toEqual({ code: 'UNAUTHORIZED', httpStatus: 401, fieldErrors: [] });
  });
});
