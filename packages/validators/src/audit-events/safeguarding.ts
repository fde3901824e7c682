import { z } from 'zod';
import { concernCategory, concernRaisedVia, holdReason } from '../safeguarding.ts';

/**
 * Holds, concerns, the deny list and the kiosk's screening against it. Part of auditEventSchema (../audit.ts): ids and
 * enums only, never names.
 */
export const safeguardingAuditEvents = [
  // Safeguarding: ids and enums only; the notes and reasons people type stay in the hold and concern tables.
  z.object({
    type: z.literal('safeguarding.hold_placed'),
    data: z.object({ holdId: z.uuid(), reason: holdReason, reviewBy: z.iso.date(), concernId: z.uuid().optional() }),
  }),
  z.object({ type: z.literal('safeguarding.hold_released'), data: z.object({ holdId: z.uuid() }) }),
  z.object({
    type: z.literal('safeguarding.concern_raised'),
    data: z.object({ concernId: z.uuid(), category: concernCategory, via: concernRaisedVia }),
  }),
  z.object({ type: z.literal('safeguarding.concern_closed'), data: z.object({ concernId: z.uuid() }) }),
  // Someone opened the holds review or the concerns list: which, and how many entries they saw (like outbox.viewed).
  z.object({
    type: z.literal('safeguarding.viewed'),
    data: z.object({
      list: z.enum(['holds', 'concerns']),
      status: z.enum(['open', 'all']).optional(),
      count: z.number().int(),
    }),
  }),
  // Deny list: ids only, never a name or a reason (those stay encrypted in the entry).
  z.object({
    type: z.literal('deny_list.entry_added'),
    data: z.object({ entryId: z.uuid(), aliases: z.number().int() }),
  }),
  z.object({ type: z.literal('deny_list.entry_changed'), data: z.object({ entryId: z.uuid() }) }),
  z.object({ type: z.literal('deny_list.entry_removed'), data: z.object({ entryId: z.uuid() }) }),
  // Every kiosk sign-in's deny-list check; a match or a check that could not run holds the visit for a person.
  z.object({
    type: z.literal('screening.checked'),
    data: z.object({ outcome: z.enum(['clear', 'match', 'check_failed']), entryIds: z.array(z.uuid()) }),
  }),
  z.object({ type: z.literal('screening.decided'), data: z.object({ decision: z.enum(['admitted', 'refused']) }) }),
] as const;
