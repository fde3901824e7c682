import { TRPCClientError } from '@trpc/client';
import { expect, it } from 'vitest';
import { failureOf } from './api.ts';
import { classify } from './offline/rules.ts';

function answered(status: number, code: string, headers: Record<string, string> = {}) {
  return new TRPCClientError('refused', {
    result: { error: { message: 'refused', code: -32000, data: { code, httpStatus: status } } },
    meta: { response: new Response(null, { status, headers }) },
  });
}

it('reads the status, the tRPC code and Retry-After from an answer', () => {
  expect(failureOf(answered(503, 'SERVICE_UNAVAILABLE', { 'retry-after': '5' }))).toEqual({
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    retryAfterMs: 5000,
  });
  expect(failureOf(answered(404, 'NOT_FOUND'))).toEqual({ status: 404, code: 'NOT_FOUND', retryAfterMs: null });
});

it('reports no answer for a request that never got one, or whose answer was not tRPC’s', () => {
  const offline = TRPCClientError.from(new TypeError('Failed to fetch'));
  expect(failureOf(offline)).toEqual({ status: null, code: null, retryAfterMs: null });
  expect(classify('sign-in', failureOf(offline))).toBe('retry');
  const proxyPage = new TRPCClientError('bad gateway', { meta: { response: new Response('<html>', { status: 502 }) } });
  expect(failureOf(proxyPage)).toEqual({ status: 502, code: null, retryAfterMs: null });
  expect(classify('sign-out', failureOf(proxyPage))).toBe('retry');
});

it('gives a refused sign-in with field errors as a refusal, not a retry', () => {
  expect(classify('sign-in', failureOf(answered(400, 'BAD_REQUEST')))).toBe('refused');
});
