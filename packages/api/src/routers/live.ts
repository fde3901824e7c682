import { TRPCError } from '@trpc/server';
import { liveMessages } from '../live/stream.ts';
import { router, staffProcedure } from '../trpc.ts';

/** Everyone with a role at the site; narrows `ctx.live`, which only a server with a listener provides. */
const liveProcedure = staffProcedure('admin', 'coordinator', 'reception', 'escort').use(({ ctx, next }) => {
  if (!ctx.live) {
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Live updates need a listener: pass `live` to createContextFactory.',
    });
  }
  return next({ ctx: { live: ctx.live } });
});

export const liveRouter = router({
  /**
   * The site's live events (ids only) as server-sent events, starting with a resync. Someone who is only an
   * escort here gets just the events that carry their own staff id; every other role gets all of the site's.
   * No tracked ids: there is no log to resume from, so a reconnecting client gets a fresh resync instead.
   */
  site: liveProcedure.subscription(async function* ({ ctx, signal }) {
    const onlyEscort = ctx.staff.roles.every((r) => r.siteId !== ctx.siteId || r.role === 'escort');
    const filter = onlyEscort ? { siteId: ctx.siteId, staffId: ctx.staff.id } : { siteId: ctx.siteId };
    yield* liveMessages(ctx.live, filter, signal);
  }),
});
