import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import type { AppRouter } from '@threshold/api';
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import { rememberCookie, rememberSecret, rememberVisitor } from './server-logs.ts';

/** A typed tRPC client over real HTTP, as a kiosk (bearer token) or as staff (session cookie). */
export function apiClient(baseUrl: string, auth: { kioskToken?: string; cookie?: string } = {}) {
  rememberSecret('kiosk-token', auth.kioskToken, { hashed: true });
  rememberCookie(auth.cookie);
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${baseUrl}/trpc`,
        transformer: superjson,
        headers: () => ({
          ...(auth.kioskToken ? { authorization: `Bearer ${auth.kioskToken}` } : {}),
          // A browser names its page's origin on every POST; the server refuses cookie posts from elsewhere.
          ...(auth.cookie ? { cookie: auth.cookie, origin: new URL(baseUrl).origin } : {}),
        }),
      }),
    ],
  });
}

/** The `name=value` pairs a response sets, leaving out cookies it clears. */
function cookiesSetBy(res: Response): string[] {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((pair) => !pair.endsWith('='));
}

function postAuth(baseUrl: string, path: string, body: unknown, cookie = '') {
  return fetch(`${baseUrl}/api/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, cookie },
    body: JSON.stringify(body),
  });
}

/**
 * Signs a member of staff in through better-auth's real endpoints and returns the session cookie. When the account
 * is enrolled in two-factor sign-in (the demo admin and coordinator), the code comes from its known demo secret.
 */
export async function staffCookie(baseUrl: string, email: string, password: string): Promise<string> {
  rememberSecret('email', email);
  rememberSecret('password', password);
  const cookie = await signInForCookie(baseUrl, email, password);
  rememberCookie(cookie);
  return cookie;
}

async function signInForCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await postAuth(baseUrl, '/sign-in/email', { email, password });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const body = (await res.json()) as { twoFactorRedirect?: boolean };
  if (!body.twoFactorRedirect) return cookiesSetBy(res).join('; ');
  const secret = demo.totpSecrets[email];
  if (!secret) throw new Error(`${email} must give a TOTP code, and no test secret is known for it`);
  const verified = await postAuth(
    baseUrl,
    '/two-factor/verify-totp',
    { code: await totpCode(secret) },
    cookiesSetBy(res).join('; '),
  );
  if (!verified.ok) throw new Error(`TOTP step of sign-in failed: ${verified.status}`);
  return cookiesSetBy(verified).join('; ');
}

/** The code an authenticator app shows now for a base32 TOTP secret (better-auth's own TOTP implementation). */
export async function totpCode(secretBase32: string): Promise<string> {
  const code = await createOTP(base32.decode(secretBase32)).totp();
  rememberSecret('totp', code);
  return code;
}

/**
 * Enrols a member of staff in two-factor sign-in through better-auth, as the admin app does (password, secret, a
 * first code); staffCookie then answers their sign-in with a code from that secret. Returns the secret.
 */
export async function enrolTwoFactor(baseUrl: string, email: string, password: string): Promise<string> {
  let cookie = await signInForCookie(baseUrl, email, password);
  const enabled = await postAuth(baseUrl, '/two-factor/enable', { password }, cookie);
  if (!enabled.ok) throw new Error(`two-factor enable failed: ${enabled.status}`);
  const { totpURI } = (await enabled.json()) as { totpURI: string };
  const secret = new URL(totpURI).searchParams.get('secret') ?? '';
  rememberSecret('totp', secret);
  // better-auth may set the session cookie again; the newest value of each cookie counts.
  const jar = new Map(cookie.split('; ').map((c) => [c.split('=')[0], c] as const));
  for (const c of cookiesSetBy(enabled)) jar.set(c.split('=')[0], c);
  cookie = [...jar.values()].join('; ');
  const verified = await postAuth(baseUrl, '/two-factor/verify-totp', { code: await totpCode(secret) }, cookie);
  if (!verified.ok) throw new Error(`two-factor verification failed: ${verified.status}`);
  demo.totpSecrets[email] = secret;
  return secret;
}

/** Replaces a generated password at first sign-in through better-auth, as the admin app's required page does. */
export async function replaceInitialPassword(baseUrl: string, email: string, given: string, chosen: string) {
  rememberSecret('password', chosen);
  const cookie = await signInForCookie(baseUrl, email, given);
  const changed = await postAuth(baseUrl, '/change-password', { currentPassword: given, newPassword: chosen }, cookie);
  if (!changed.ok) throw new Error(`password change failed: ${changed.status}`);
}

export const demo = {
  password: 'threshold-demo-2026',
  coordinator: 'coordinator@demo.threshold.local',
  reception: 'reception@demo.threshold.local',
  admin: 'admin@demo.threshold.local',
  pin: '246810',
  /** The demo authenticator secrets the server prints at a demo start (demo only; see the seed). */
  totpSecrets: {
    'admin@demo.threshold.local': 'DEMOADMINTOTPNOTASECRETTHRESHOLD',
    'coordinator@demo.threshold.local': 'DEMOCOORDINATORTOTPNOTASECRET234',
  } as Record<string, string>,
};

// A valid 1×1 PNG: enough for the server's checks on a signature image.
const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Signs a visitor in through the real API as a kiosk would: documents fetched, form signed, all acknowledged. */
export async function signInThroughApi(
  kiosk: ReturnType<typeof apiClient>,
  visitor: { fullName: string; organisation: string; email?: string },
) {
  const docs = await kiosk.kiosk.documents.query({ language: 'en' });
  const ref = (d: { id: string; sha256: string }) => ({ documentId: d.id, documentSha256: d.sha256 });
  rememberVisitor({ ...visitor, host: 'Tom Hughes' });
  const receipt = await kiosk.visits.signIn.mutate({
    idempotencyKey: crypto.randomUUID(),
    language: 'en',
    fullName: visitor.fullName,
    organisation: visitor.organisation,
    category: 'contractor',
    purpose: 'Boiler service',
    hostName: 'Tom Hughes',
    email: visitor.email,
    signature: { ...ref(docs.form), typedName: visitor.fullName, imagePng: TINY_PNG },
    confidentialityPolicy: ref(docs.confidentialityPolicy),
    disclosurePolicy: ref(docs.disclosurePolicy),
    noPhotography: ref(docs.noPhotography),
  });
  rememberSecret('visit-code', receipt.visitCode, { hashed: true });
  return receipt;
}
