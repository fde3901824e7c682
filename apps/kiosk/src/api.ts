import type { AppRouter } from '@threshold/api';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import superjson from 'superjson';
import { deviceToken } from './device-token.ts';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: '/trpc',
        transformer: superjson,
        headers: () => {
          const token = deviceToken.get();
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    ],
  });
}

export interface FieldIssue {
  path: string;
  message: string;
}

export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const issues = (error.data as { fieldErrors?: FieldIssue[] } | undefined)?.fieldErrors ?? [];
  return Object.fromEntries(issues.map((i) => [i.path, i.message]));
}

export function errorCodeOf(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  return (error.data as { code?: string } | undefined)?.code ?? null;
}

/** True when the request never got an answer from the server (offline, server down). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TRPCClientError && !error.data;
}
