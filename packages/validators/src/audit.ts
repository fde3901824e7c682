import { z } from 'zod';
import { alertKind, kioskLanguage, staffRole, visitorCategory } from './enums.ts';

/**
 * Every audit event the system writes. Data carries ids and enums only — never names — so the trail
 * holds no personal data in clear and survives the destruction of visits under retention.
 */
export const auditEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('kiosk.pairing_code_created'), data: z.object({ pairingCodeId: z.uuid() }) }),
  z.object({ type: z.literal('kiosk.paired'), data: z.object({ deviceId: z.uuid(), pairingCodeId: z.uuid() }) }),
  z.object({ type: z.literal('kiosk.revoked'), data: z.object({ deviceId: z.uuid() }) }),
  z.object({ type: z.literal('kiosk.renamed'), data: z.object({ deviceId: z.uuid() }) }),
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
  z.object({
    type: z.literal('escort.assigned'),
    data: z.object({
      staffId: z.string(),
      previousStaffId: z.string().nullable(),
      how: z.enum(['host_match', 'staff']),
    }),
  }),
  z.object({
    type: z.literal('escort.confirmed'),
    data: z.object({ staffId: z.string(), via: z.enum(['phone', 'kiosk_pin']) }),
  }),
  z.object({
    type: z.literal('escort.handover_offered'),
    data: z.object({ fromStaffId: z.string(), toStaffId: z.string() }),
  }),
  z.object({
    type: z.literal('escort.handover_accepted'),
    data: z.object({ fromStaffId: z.string(), toStaffId: z.string() }),
  }),
  z.object({
    type: z.literal('escort.handover_cancelled'),
    data: z.object({ fromStaffId: z.string(), toStaffId: z.string() }),
  }),
  z.object({
    type: z.literal('escort.lost'),
    data: z.object({ staffId: z.string(), reason: z.enum(['off_duty', 'deactivated']) }),
  }),
  z.object({ type: z.literal('staff.duty_changed'), data: z.object({ onDuty: z.boolean() }) }),
  z.object({ type: z.literal('staff.policy_acknowledged'), data: z.object({ documentId: z.uuid() }) }),
  z.object({ type: z.literal('staff.pin_set'), data: z.object({}) }),
  z.object({ type: z.literal('staff.pin_locked'), data: z.object({ staffId: z.string(), deviceId: z.uuid() }) }),
  z.object({
    type: z.literal('staff.training_recorded'),
    data: z.object({ staffId: z.string(), completedOn: z.string() }),
  }),
  z.object({ type: z.literal('staff.deactivated'), data: z.object({ staffId: z.string() }) }),
  z.object({ type: z.literal('staff.created'), data: z.object({ staffId: z.string(), roles: z.array(staffRole) }) }),
  z.object({
    type: z.literal('visits.exported'),
    data: z.object({ from: z.string(), to: z.string(), count: z.number(), via: z.enum(['cli', 'admin']) }),
  }),
  z.object({ type: z.literal('alert.raised'), data: z.object({ alertId: z.uuid(), kind: alertKind }) }),
  z.object({ type: z.literal('alert.acknowledged'), data: z.object({ alertId: z.uuid(), kind: alertKind }) }),
]);
export type AuditEventInput = z.infer<typeof auditEventSchema>;
export type AuditEventType = AuditEventInput['type'];
