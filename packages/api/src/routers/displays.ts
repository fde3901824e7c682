import { listBoardDisplays } from '@threshold/db';
import {
  addDisplayInput,
  displayBoardInput,
  displayInput,
  pairDisplayInput,
  sectionRoles,
  updateDisplayInput,
} from '@threshold/validators';
import { displayProcedure } from '../display-procedure.ts';
import { addDisplay, revokeDisplay, updateDisplay } from '../domain/display-devices.ts';
import { createDisplayPairingCode, pairDisplay } from '../domain/display-pairing.ts';
import { displayBoardStream } from '../domain/display-stream.ts';
import { publicProcedure, router, staffProcedure } from '../trpc.ts';

// Board displays are looked after with the kiosks (same section of the admin).
const admin = staffProcedure(...sectionRoles.kiosks);

export const displaysRouter = router({
  /** The site's board displays with when each was last seen (admins). */
  list: admin.query(({ ctx }) => listBoardDisplays(ctx.db, { siteId: ctx.siteId })),

  add: admin
    .input(addDisplayInput)
    .mutation(({ ctx, input }) => addDisplay(ctx.db, { ...input, siteId: ctx.siteId, staffId: ctx.staff.id })),

  update: admin
    .input(updateDisplayInput)
    .mutation(({ ctx, input }) => updateDisplay(ctx.db, { ...input, siteId: ctx.siteId, staffId: ctx.staff.id })),

  revoke: admin
    .input(displayInput)
    .mutation(({ ctx, input }) =>
      revokeDisplay(ctx.db, { siteId: ctx.siteId, displayId: input.displayId, staffId: ctx.staff.id, now: ctx.now() }),
    ),

  createPairingCode: admin.input(displayInput).mutation(({ ctx, input }) =>
    createDisplayPairingCode(ctx.db, {
      siteId: ctx.siteId,
      displayId: input.displayId,
      staffId: ctx.staff.id,
      now: ctx.now(),
    }),
  ),

  /** Exchanges a one-time pairing code for the display's bearer token. */
  pair: publicProcedure
    .input(pairDisplayInput)
    .mutation(({ ctx, input }) =>
      pairDisplay(ctx.db, { code: input.code, now: ctx.now(), clientAddress: ctx.clientAddress }),
    ),

  /**
   * The one thing a display can do: watch its site's board (short names, state, time of sign-in, counts) as
   * server-sent events, until it leaves or is revoked.
   */
  board: displayProcedure.input(displayBoardInput).subscription(({ ctx, input, signal }) =>
    displayBoardStream({
      db: ctx.db,
      live: ctx.live,
      display: ctx.display,
      tokenHash: ctx.displayTokenHash,
      wantNames: input.names,
      now: ctx.now,
      signal,
    }),
  ),
});
