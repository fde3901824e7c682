import { z } from 'zod';

/**
 * Kiosks and displays: pairing, naming, revoking. Part of auditEventSchema (../audit.ts): ids and enums only, never
 * names.
 */
export const deviceAuditEvents = [
  z.object({ type: z.literal('kiosk.pairing_code_created'), data: z.object({ pairingCodeId: z.uuid() }) }),
  z.object({ type: z.literal('kiosk.paired'), data: z.object({ deviceId: z.uuid(), pairingCodeId: z.uuid() }) }),
  z.object({ type: z.literal('kiosk.revoked'), data: z.object({ deviceId: z.uuid() }) }),
  z.object({ type: z.literal('kiosk.renamed'), data: z.object({ deviceId: z.uuid() }) }),
  z.object({ type: z.literal('display.added'), data: z.object({ displayId: z.uuid() }) }),
  z.object({
    type: z.literal('display.pairing_code_created'),
    data: z.object({ displayId: z.uuid(), pairingCodeId: z.uuid() }),
  }),
  z.object({ type: z.literal('display.paired'), data: z.object({ displayId: z.uuid(), pairingCodeId: z.uuid() }) }),
  z.object({ type: z.literal('display.renamed'), data: z.object({ displayId: z.uuid() }) }),
  z.object({ type: z.literal('display.revoked'), data: z.object({ displayId: z.uuid() }) }),
  z.object({ type: z.literal('display.showing_started'), data: z.object({ displayId: z.uuid() }) }),
] as const;
