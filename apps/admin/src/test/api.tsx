import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { AppRouter } from '@threshold/api';
import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { ReactNode } from 'react';
import { TRPCProvider } from '../api.ts';

/**
 * Component tests' stand-in for the server: each procedure path ("visitLog.search") answered by a function of its
 * input. The server's own behaviour is tested against PostgreSQL in packages/api and over HTTP in tests/e2e; here
 * only what a component asks for and what it does with the answer.
 */
export type Answers = Record<string, (input: unknown) => unknown>;

/** Every call a component made, in order. */
export interface Call {
  path: string;
  input: unknown;
}

/** A refusal as the server sends it (`code` is the tRPC code, e.g. "FORBIDDEN"; `fieldErrors` by field). */
export function apiError(code: string, message: string, data: Record<string, unknown> = {}) {
  return TRPCClientError.from({ error: { code: -32600, message, data: { code, ...data } } });
}

function answeringLink(answers: Answers, calls: Call[]): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        // Live updates: a test that needs one sends it through its own answer; otherwise the stream stays quiet.
        if (op.type === 'subscription') return () => undefined;
        calls.push({ path: op.path, input: op.input });
        const answer = answers[op.path];
        if (!answer) {
          observer.error(apiError('NOT_FOUND', `No test answer for ${op.path}`));
          return () => undefined;
        }
        Promise.resolve()
          .then(() => answer(op.input))
          .then(
            (data) => {
              observer.next({ result: { type: 'data', data } });
              observer.complete();
            },
            (error: unknown) =>
              observer.error(
                error instanceof TRPCClientError ? error : apiError('INTERNAL_SERVER_ERROR', String(error)),
              ),
          );
        return () => undefined;
      });
}

/** Providers for a component under test, answering its API calls from `answers`; `calls` records them. */
export function withApi(answers: Answers): { wrapper: (props: { children: ReactNode }) => ReactNode; calls: Call[] } {
  const calls: Call[] = [];
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const trpcClient = createTRPCClient<AppRouter>({ links: [answeringLink(answers, calls)] });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
  return { wrapper, calls };
}
