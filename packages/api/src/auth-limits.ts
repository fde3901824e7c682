import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Db, hitRateLimit, refundRateLimit } from '@threshold/db';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { addressKey } from './domain/client-key.ts';

/**
 * The header the server sets (overwriting whatever a client sent) to the client's address as it resolved it from the
 * socket and TRUST_PROXY; better-auth is told to read it and nothing else.
 */
export const CLIENT_ADDRESS_HEADER = 'x-threshold-client-address';

// Per account: three misses are free, then every attempt (right or wrong) waits 1, 2, 4, then 8 s. It slows a
// guesser and never locks the account, so its owner still gets in from anywhere within 8 s.
const ACCOUNT_FREE_MISSES = 3;
const ACCOUNT_MAX_DELAY_MS = 8000;
// Per client address: ten misses, then that address alone is refused until its window ends.
export const CLIENT_MISS_LIMIT = 10;
const WINDOW_SECONDS = 15 * 60;

const GUARDED = new Set([
  '/sign-in/email',
  '/two-factor/verify-totp',
  '/two-factor/verify-backup-code',
  '/two-factor/verify-otp',
  // These take the current password from someone already signed in: limited per address only.
  '/verify-password',
  '/change-password',
  '/two-factor/enable',
  '/two-factor/disable',
  '/two-factor/get-totp-uri',
  '/two-factor/generate-backup-codes',
]);
const TWO_FACTOR_CODE = new Set([
  '/two-factor/verify-totp',
  '/two-factor/verify-backup-code',
  '/two-factor/verify-otp',
]);

/** The wait before evaluating the account's `attempt`-th counted attempt in its window. */
export function accountDelayMs(attempt: number): number {
  if (attempt <= ACCOUNT_FREE_MISSES) return 0;
  return Math.min(1000 * 2 ** (attempt - ACCOUNT_FREE_MISSES - 1), ACCOUNT_MAX_DELAY_MS);
}

interface Counted {
  clientKey: string | null;
  accountKey: string | null;
}
// What the before hook counted for a request, so the after hook can take it back when the attempt was right.
const counted = new WeakMap<Request, Counted>();

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

function hashed(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** The account an attempt is against, by a hash (rate_limit keys are no place for email addresses). */
async function accountOf(ctx: HookContext): Promise<string | null> {
  if (ctx.path === '/sign-in/email') {
    const email = (ctx.body as { email?: unknown } | undefined)?.email;
    return typeof email === 'string' ? `auth-account:${hashed(email.trim().toLowerCase())}` : null;
  }
  if (!TWO_FACTOR_CODE.has(ctx.path)) return null;
  // Between password and code, the account is named by the signed two-factor cookie's verification row.
  const cookie = ctx.context.createAuthCookie('two_factor');
  const signed = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  if (!signed) return null;
  const pending = await ctx.context.internalAdapter.findVerificationValue(signed);
  return pending ? `auth-second-factor:${pending.value}` : null;
}

/**
 * better-auth hooks limiting password and second-factor guesses, counted in PostgreSQL (so they hold across server
 * processes) before the attempt is evaluated (so parallel attempts cannot slip past), and taken back when it was right.
 * Calls made inside the server (no request) are not limited.
 */
export function authLimitHooks(db: Db) {
  return {
    before: createAuthMiddleware(async (ctx) => {
      const request = ctx.request;
      if (!request || !GUARDED.has(ctx.path)) return;
      // The server sets the address on every request it passes on (app.ts); a request handed to the handler
      // directly (tests) has none, and is limited per account only.
      const address = request.headers.get(CLIENT_ADDRESS_HEADER);
      const clientKey = address ? `auth-client:${addressKey(address)}` : null;
      const misses = clientKey ? await hitRateLimit(db, { key: clientKey, windowSeconds: WINDOW_SECONDS }) : 0;
      if (misses > CLIENT_MISS_LIMIT) {
        if (misses === CLIENT_MISS_LIMIT + 1) console.warn(`[auth] sign-in refused for ${address}: too many misses`);
        throw new APIError('TOO_MANY_REQUESTS', {
          message: 'Too many failed sign-in attempts from this device. Wait 15 minutes, then try again.',
        });
      }
      const accountKey = await accountOf(ctx);
      counted.set(request, { clientKey, accountKey });
      if (!accountKey) return;
      const attempt = await hitRateLimit(db, { key: accountKey, windowSeconds: WINDOW_SECONDS });
      const delay = accountDelayMs(attempt);
      if (delay > 0) {
        if (attempt === ACCOUNT_FREE_MISSES + 1) console.warn('[auth] sign-in attempts for one account slowed');
        await sleep(delay);
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      const request = ctx.request;
      const keys = request ? counted.get(request) : undefined;
      if (!request || !keys) return;
      counted.delete(request);
      if (isAPIError(ctx.context.returned)) return;
      if (keys.clientKey) await refundRateLimit(db, { key: keys.clientKey });
      if (keys.accountKey) await refundRateLimit(db, { key: keys.accountKey });
    }),
  };
}
