import { findActiveDisplayByTokenHash } from '@threshold/db';
import { TRPCError } from '@trpc/server';
import { sha256Hex } from './domain/secrets.ts';
import { publicProcedure } from './trpc.ts';

/**
 * A paired, unrevoked board display: `ctx.display` and its token's hash. Its token grants only the display's own
 * procedures; staff and kiosk tiers do not accept it.
 */
export const displayProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const header = ctx.headers.get('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  const tokenHash = token ? sha256Hex(token) : '';
  const display = tokenHash ? await findActiveDisplayByTokenHash(ctx.db, { tokenHash, now: ctx.now() }) : null;
  if (!display) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: 'This display is not paired, or it was removed. Ask an admin for a new pairing code.',
    });
  }
  return next({ ctx: { display, displayTokenHash: tokenHash } });
});
