import type { AppRouter } from '@threshold/api';
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import superjson from 'superjson';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Staff requests carry the HttpOnly session cookie (same origin); nothing is kept in browser storage. */
export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        // Live updates as server-sent events: the browser's EventSource sends the cookie too (same origin).
        true: httpSubscriptionLink({ url: '/trpc', transformer: superjson }),
        // Queries go as POST too: a search term or visit id in a query string would end up in access logs.
        false: httpLink({ url: '/trpc', transformer: superjson, methodOverride: 'POST' }),
      }),
    ],
  });
}

export function errorCodeOf(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  return (error.data as { code?: string } | undefined)?.code ?? null;
}
