import { createPairingCodeInput, pairKioskInput, visitorCategories } from '@threshold/validators';
import { createPairingCode, pairKiosk } from '../domain/kiosk-pairing.ts';
import { kioskProcedure, publicProcedure, router, staffProcedure } from '../trpc.ts';

export const kioskRouter = router({
  /** Exchanges a one-time pairing code for this device's bearer token. */
  pair: publicProcedure
    .input(pairKioskInput)
    .mutation(({ ctx, input }) =>
      pairKiosk(ctx.db, { code: input.code, deviceName: input.deviceName, now: ctx.now() }),
    ),

  /** What a paired kiosk needs to start a journey. Deliberately nothing about people. */
  status: kioskProcedure.query(({ ctx }) => ({
    deviceName: ctx.device.name,
    categories: visitorCategories,
  })),

  createPairingCode: staffProcedure('admin')
    .input(createPairingCodeInput)
    .mutation(({ ctx }) =>
      createPairingCode(ctx.db, {
        siteId: ctx.siteId,
        organisationId: ctx.staff.organisationId,
        createdByStaffId: ctx.staff.id,
        now: ctx.now(),
      }),
    ),
});
