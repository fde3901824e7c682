import { z } from 'zod';
import { kioskLanguage, visitorCategory } from './enums.ts';

/**
 * Every audit event the system writes. Data carries ids and enums only — never names — so the trail
 * holds no personal data in clear and survives the destruction of visits under retention.
 */
export const auditEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('kiosk.pairing_code_created'), data: z.object({ pairingCodeId: z.uuid() }) }),
  z.object({ type: z.literal('kiosk.paired'), data: z.object({ deviceId: z.uuid(), pairingCodeId: z.uuid() }) }),
  z.object({
    type: z.literal('visit.signed_in'),
    data: z.object({
      category: visitorCategory,
      language: kioskLanguage,
      formDocumentId: z.uuid(),
      acknowledgedDocumentIds: z.array(z.uuid()),
      hostMatched: z.boolean(),
      copyEmailed: z.boolean(),
      signatureReused: z.boolean(),
    }),
  }),
  z.object({ type: z.literal('visit.viewed'), data: z.object({ what: z.enum(['detail', 'signed_form']) }) }),
  z.object({
    type: z.literal('outbox.viewed'),
    data: z.object({ what: z.enum(['list', 'message']), messageId: z.uuid().optional(), count: z.number().optional() }),
  }),
  z.object({ type: z.literal('visit.signed_out'), data: z.object({ via: z.enum(['kiosk', 'staff']) }) }),
]);
export type AuditEventInput = z.infer<typeof auditEventSchema>;
export type AuditEventType = AuditEventInput['type'];
