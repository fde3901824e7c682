import { z } from 'zod';
import { alertKind, kioskLanguage, visitorCategory } from '../enums.ts';

/**
 * A visit from sign-in to departure, its escort and its alerts. Part of auditEventSchema (../audit.ts): ids and enums
 * only, never names.
 */
export const visitAuditEvents = [
  z.object({
    type: z.literal('visit.signed_in'),
    data: z.object({
      category: visitorCategory,
      language: kioskLanguage,
      formDocumentId: z.uuid(),
      acknowledgedDocumentIds: z.array(z.uuid()),
      /** Only on sign-ins before host matching moved after the commit; now `visit.host_matched` records a match. */
      hostMatched: z.boolean().optional(),
      copyEmailed: z.boolean(),
      signatureReused: z.boolean(),
      /** How long after signing the server received it (a tablet that kept it through an outage). */
      deliveredLateSeconds: z.number().int().nonnegative().optional(),
      /** The tablet's code was held by someone else, so the visit got another (the badge shows the old one). */
      visitCodeReplaced: z.boolean().optional(),
    }),
  }),
  z.object({
    type: z.literal('visit.viewed'),
    data: z.object({ what: z.enum(['detail', 'signed_form', 'timeline']) }),
  }),
  /** The host the visitor typed names this member of staff (decided after the sign-in committed). */
  z.object({ type: z.literal('visit.host_matched'), data: z.object({ staffId: z.string() }) }),
  z.object({ type: z.literal('visit.signed_out'), data: z.object({ via: z.enum(['kiosk', 'staff']) }) }),
  /** Still open at the site's closing time: nobody saw them leave, so nobody signs them out silently. */
  z.object({ type: z.literal('visit.departure_unconfirmed'), data: z.object({ closingAt: z.string() }) }),
  /** Staff recorded when a visitor whose departure was unconfirmed actually left (the note stays on the visit). */
  z.object({ type: z.literal('visit.departure_recorded'), data: z.object({ departedAt: z.string() }) }),
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
  z.object({ type: z.literal('alert.raised'), data: z.object({ alertId: z.uuid(), kind: alertKind }) }),
  z.object({ type: z.literal('alert.acknowledged'), data: z.object({ alertId: z.uuid(), kind: alertKind }) }),
] as const;
