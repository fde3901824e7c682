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
};
