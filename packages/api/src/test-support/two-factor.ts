import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { insertTwoFactorEnrolment } from '@threshold/db';
import { encryptAsTwoFactorPlugin } from '../auth.ts';
import { BASE_URL, type Harness, TEST_PASSWORD } from './harness.ts';

// Two-factor sign-in through better-auth's real HTTP handler, with codes computed independently of the server.

const SESSION_COOKIE = 'threshold.session_token';

/** The TOTP code an authenticator app shows for a base32 secret, `stepsFromNow` 30-second steps away. */
export function totpCode(secretBase32: string, stepsFromNow = 0): Promise<string> {
  const counter = Math.floor(Date.now() / 30_000) + stepsFromNow;
  return createOTP(base32.decode(secretBase32)).hotp(counter);
}

/** A 6-digit code that is none of the codes the server accepts now (it allows one step either side). */
export async function wrongTotpCode(secretBase32: string): Promise<string> {
  const accepted = await Promise.all([-1, 0, 1].map((step) => totpCode(secretBase32, step)));
  return ['000000', '111111', '222222', '333333'].find((code) => !accepted.includes(code)) ?? '444444';
}

/** The base32 secret inside an otpauth:// URI (what an authenticator app reads from the QR code). */
export function secretOfUri(uri: string): string {
  const secret = new URL(uri).searchParams.get('secret');
  if (!secret) throw new Error(`no secret in ${uri}`);
  return secret;
}

/** Enrols a member of staff directly, as the demo seed does: secret and backup codes encrypted as the plugin does. */
export async function enrolDirectly(h: Harness, staffId: string, secretBase32: string, backupCodes: string[] = []) {
  await insertTwoFactorEnrolment(h.db, {
    staffId,
    encryptedSecret: await encryptAsTwoFactorPlugin(h.auth, `base32:${secretBase32}`),
    encryptedBackupCodes: await encryptAsTwoFactorPlugin(h.auth, JSON.stringify(backupCodes)),
  });
}

/** Cookies carried from one response to the next request, as a browser would (expired ones dropped). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: Response): this {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** The session cookie alone (`name=value`), or null when there is none. */
  session(): string | null {
    const value = this.cookies.get(SESSION_COOKIE);
    return value ? `${SESSION_COOKIE}=${value}` : null;
  }
}

/** A POST to better-auth's handler with the jar's cookies; the jar takes whatever cookies come back. */
export async function authPost(h: Harness, jar: CookieJar, path: string, body: unknown) {
  const res = await h.auth.handler(
    new Request(`${BASE_URL}/api/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE_URL, cookie: jar.header() },
      body: JSON.stringify(body),
    }),
  );
  jar.take(res);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> | null };
}

/** A GET of better-auth's session endpoint, as the admin app makes when the person does something. */
export async function authGetSession(h: Harness, jar: CookieJar) {
  const res = await h.auth.handler(
    new Request(`${BASE_URL}/api/auth/get-session`, { headers: { origin: BASE_URL, cookie: jar.header() } }),
  );
  jar.take(res);
  return { status: res.status, setCookies: res.headers.getSetCookie() };
}

/** Password, then (when asked) the code from `secretBase32`: the jar ends up holding the session cookie. */
export async function signInWithTotp(h: Harness, email: string, secretBase32: string) {
  const jar = new CookieJar();
  const first = await authPost(h, jar, '/sign-in/email', { email, password: TEST_PASSWORD });
  if (first.body?.twoFactorRedirect !== true) throw new Error(`expected a two-factor step, got ${first.status}`);
  const second = await authPost(h, jar, '/two-factor/verify-totp', { code: await totpCode(secretBase32) });
  const cookie = jar.session();
  if (second.status !== 200 || !cookie) throw new Error(`TOTP step failed with ${second.status}`);
  return cookie;
}
