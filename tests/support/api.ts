import type { AppRouter } from '@threshold/api';
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';

/** A typed tRPC client over real HTTP, as a kiosk (bearer token) or as staff (session cookie). */
export function apiClient(baseUrl: string, auth: { kioskToken?: string; cookie?: string } = {}) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${baseUrl}/trpc`,
        transformer: superjson,
        headers: () => ({
          ...(auth.kioskToken ? { authorization: `Bearer ${auth.kioskToken}` } : {}),
          ...(auth.cookie ? { cookie: auth.cookie } : {}),
        }),
      }),
    ],
  });
}

/** Signs a member of staff in through better-auth's real endpoint and returns the session cookie. */
export async function staffCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export const demo = {
  password: 'threshold-demo-2026',
  coordinator: 'coordinator@demo.threshold.local',
  reception: 'reception@demo.threshold.local',
  admin: 'admin@demo.threshold.local',
  pin: '246810',
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
  return kiosk.visits.signIn.mutate({
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
}
