import type { AppRouter } from '@threshold/api';
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { EventSource } from 'eventsource';
import superjson from 'superjson';

// The display's own bearer token (a room screen has no staff session). Kept across reloads and restarts so the
// screen comes back by itself; it grants nothing but this site's short-name board, and revoking it ends it.
const TOKEN_KEY = 'threshold.display.token';

export const displayToken = {
  get: () => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

/**
 * A client for the display's two procedures. The live stream goes through an EventSource that can send the token in
 * an Authorization header (the browser's own cannot), so the token never appears in an address.
 */
export function createDisplayClient(token: string | null) {
  const authorization: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: '/trpc',
          transformer: superjson,
          EventSource,
          eventSourceOptions: {
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, ...authorization } }),
          },
        }),
        false: httpLink({ url: '/trpc', transformer: superjson, headers: () => authorization }),
      }),
    ],
  });
}

export type DisplayClient = ReturnType<typeof createDisplayClient>;

/** True when the server no longer accepts this display's token (revoked, or paired again elsewhere). */
export function isRefused(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === 'UNAUTHORIZED';
}
