import { getSite, listKioskDevices } from '@threshold/db';
import {
  badgeEscortInput,
  checkSignatureReferenceInput,
  confirmWithPinInput,
  createPairingCodeInput,
  kioskDeviceInput,
  kioskDocumentsInput,
  kioskHeartbeatInput,
  pairKioskInput,
  renameKioskInput,
  sectionRoles,
  visitorCategory,
} from '@threshold/validators';
import { TRPCError } from '@trpc/server';
import { badgeEscort } from '../domain/badge-escort.ts';
import { confirmEscortAtKiosk } from '../domain/escort/pin.ts';
import { renameKiosk, revokeKiosk } from '../domain/kiosk-devices.ts';
import { kioskJourneyDocuments } from '../domain/kiosk-documents.ts';
import { kioskHealth, kioskHeartbeat } from '../domain/kiosk-heartbeat.ts';
import { createPairingCode, pairKiosk } from '../domain/kiosk-pairing.ts';
import { checkSignatureReference } from '../domain/signature-reuse.ts';
import { kioskProcedure, publicProcedure, router, staffProcedure } from '../trpc.ts';

export const kioskRouter = router({
  /** Exchanges a one-time pairing code for this device's bearer token. */
  pair: publicProcedure.input(pairKioskInput).mutation(({ ctx, input }) =>
    pairKiosk(ctx.db, {
      code: input.code,
      deviceName: input.deviceName,
      now: ctx.now(),
      clientAddress: ctx.clientAddress,
    }),
  ),

  /** What a paired kiosk needs to start a journey. Deliberately nothing about people. */
  status: kioskProcedure.query(async ({ ctx }) => {
    const site = await getSite(ctx.db, { siteId: ctx.device.siteId });
    if (!site) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'This kiosk’s site no longer exists.' });
    return {
      deviceName: ctx.device.name,
      // A concealed site (e.g. a refuge) never prints its name on a badge.
      siteName: site.concealed ? null : site.name,
      categories: site.visitorCategories.map((c) => visitorCategory.parse(c)),
      idleTimeoutSeconds: site.idleTimeoutSeconds,
      badgeReturnSeconds: site.badgeReturnSeconds,
      badgeFormat: site.badgeFormat,
      signatureValidMonths: site.signatureValidMonths,
    };
  }),

  /**
   * The current form, policies and no-photography statement in the visitor's language (English if missing), each
   * marked when its translation is older than the English text.
   */
  documents: kioskProcedure.input(kioskDocumentsInput).query(async ({ ctx, input }) => {
    const docs = await kioskJourneyDocuments(ctx.db, { siteId: ctx.device.siteId, language: input.language });
    if (!docs) {
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'This site has no published visitor form yet.' });
    }
    return docs;
  }),

  /** Whether a signature reference from an earlier visit can stand in for signing today. */
  checkSignatureReference: kioskProcedure.input(checkSignatureReferenceInput).mutation(async ({ ctx, input }) => {
    const site = await getSite(ctx.db, { siteId: ctx.device.siteId });
    const { fullName, ...reused } = input;
    return checkSignatureReference(ctx.db, {
      device: ctx.device,
      validMonths: site?.signatureValidMonths ?? 0,
      reused,
      fullName,
      now: ctx.now(),
    });
  }),

  /** The escort assigned to this visit confirms "I am with them" at the kiosk with their PIN. */
  confirmEscortWithPin: kioskProcedure
    .input(confirmWithPinInput)
    .mutation(({ ctx, input }) => confirmEscortAtKiosk(ctx.db, ctx.device, { ...input, now: ctx.now() })),

  /** While the badge is on screen: the escort's short name once they have confirmed (by phone or PIN), else null. */
  badgeEscort: kioskProcedure
    .input(badgeEscortInput)
    .query(({ ctx, input }) => badgeEscort(ctx.db, ctx.device, { visitCode: input.visitCode, now: ctx.now() })),

  /**
   * Every half minute while the tablet can reach us: what it holds unsent (a count, never what), and in return the
   * server's time and the visit codes set aside for it, so it can still hand out badges while it cannot reach us.
   */
  heartbeat: kioskProcedure
    .input(kioskHeartbeatInput)
    .mutation(({ ctx, input }) => kioskHeartbeat(ctx.db, ctx.device, input, ctx.now(), ctx.kioskHeartbeatSeconds)),

  /** For the desk board: which tablets are offline or hold records they could not send yet. */
  health: staffProcedure(...sectionRoles.board, ...sectionRoles.kiosks).query(({ ctx }) =>
    kioskHealth(ctx.db, { siteId: ctx.siteId, now: ctx.now(), heartbeatSeconds: ctx.kioskHeartbeatSeconds }),
  ),

  /** The tablets paired at a site (admins). */
  devices: staffProcedure(...sectionRoles.kiosks).query(({ ctx }) => listKioskDevices(ctx.db, { siteId: ctx.siteId })),

  revokeDevice: staffProcedure(...sectionRoles.kiosks)
    .input(kioskDeviceInput)
    .mutation(({ ctx, input }) =>
      revokeKiosk(ctx.db, { siteId: ctx.siteId, deviceId: input.deviceId, staffId: ctx.staff.id, now: ctx.now() }),
    ),

  renameDevice: staffProcedure(...sectionRoles.kiosks)
    .input(renameKioskInput)
    .mutation(({ ctx, input }) =>
      renameKiosk(ctx.db, {
        siteId: ctx.siteId,
        deviceId: input.deviceId,
        name: input.name,
        staffId: ctx.staff.id,
        now: ctx.now(),
      }),
    ),

  createPairingCode: staffProcedure(...sectionRoles.kiosks)
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
