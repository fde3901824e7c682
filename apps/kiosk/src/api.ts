import type { AppRouter } from '@threshold/api';
import type { FieldError } from '@threshold/validators';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import superjson from 'superjson';
import { deviceToken } from './device-token.ts';
import type { Failure } from './offline/rules.ts';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

// A request with no answer after this long counts as lost (and is retried with the same key): a hung connection must
// not keep a visitor waiting on "please wait" for ever.
const REQUEST_TIMEOUT_MS = 15_000;

function fetchWithTimeout(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: '/trpc',
        transformer: superjson,
        fetch: fetchWithTimeout,
        headers: () => {
          const token = deviceToken.get();
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    ],
  });
}

/** The server's field errors in a failed call (none for anything but a refusal from the server). */
export function fieldErrorListOf(error: unknown): FieldError[] {
  if (!(error instanceof TRPCClientError)) return [];
  return (error.data as { fieldErrors?: FieldError[] } | undefined)?.fieldErrors ?? [];
}

export function fieldErrorsOf(error: unknown): Record<string, string> {
  return Object.fromEntries(fieldErrorListOf(error).map((i) => [i.path, i.message]));
}

export function errorCodeOf(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  return (error.data as { code?: string } | undefined)?.code ?? null;
}

/** True when the request never got an answer from the server (offline, server down). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TRPCClientError && !error.data;
}

/** What an attempt's failure says about the server's answer (nulls: there was no answer at all). */
export function failureOf(error: unknown): Failure {
  if (!(error instanceof TRPCClientError)) return { status: null, code: null, retryAfterMs: null };
  const data = error.data as { code?: string; httpStatus?: number } | undefined;
  const response = error.meta?.response instanceof Response ? error.meta.response : undefined;
  const retryAfter = Number(response?.headers.get('retry-after') ?? Number.NaN);
  return {
    status: data?.httpStatus ?? response?.status ?? null,
    code: data?.code ?? null,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
  };
}
