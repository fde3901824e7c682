import { z } from 'zod';
import { documentKind, kioskLanguage } from '../enums.ts';
import { outboxFailureReason, outboxTemplate } from '../outbox.ts';
import { rollCallEntryKind } from '../roll-call.ts';
import { organisationSettings, siteSettings } from '../site-settings.ts';

/**
 * Running a site: emails, encryption keys, roll calls, documents and settings. Part of auditEventSchema (../audit.ts):
 * ids and enums only, never names.
 */
export const siteAdminAuditEvents = [
  z.object({
    type: z.literal('outbox.viewed'),
    data: z.object({ what: z.enum(['list', 'message']), messageId: z.uuid().optional(), count: z.number().optional() }),
  }),
  // An email the sender gave up on; `adminsAlerted` says how many admins were queued a notice (0 for a notice itself).
  z.object({
    type: z.literal('outbox.gave_up'),
    data: z.object({
      messageId: z.uuid(),
      template: z.union([outboxTemplate, z.literal('unknown')]),
      attempts: z.number().int(),
      reason: outboxFailureReason,
      adminsAlerted: z.number().int(),
    }),
  }),
  z.object({
    type: z.literal('outbox.resent'),
    data: z.object({ messageIds: z.array(z.uuid()), via: z.enum(['admin', 'cli']) }),
  }),
  /** Personal details moved under the current encryption key (or encrypted after an upgrade): counts only. */
  z.object({
    type: z.literal('keys.reencrypted'),
    data: z.object({
      keyId: z.string(),
      visits: z.number().int(),
      signatures: z.number().int(),
      // Absent from rows written before the deny list's values were re-encrypted too.
      denyListEntries: z.number().int().optional(),
      screeningNotes: z.number().int().optional(),
      // Absent from rows written before email recipients were encrypted (migration 0021).
      outboxMessages: z.number().int().optional(),
      via: z.enum(['cli', 'start']),
    }),
  }),
  z.object({
    type: z.literal('roll_call.started'),
    data: z.object({ rollCallId: z.uuid(), visitors: z.number(), staff: z.number() }),
  }),
  z.object({
    type: z.literal('roll_call.marked'),
    data: z.object({ rollCallId: z.uuid(), entryId: z.uuid(), kind: rollCallEntryKind, accounted: z.boolean() }),
  }),
  z.object({
    type: z.literal('roll_call.arrivals_added'),
    data: z.object({ rollCallId: z.uuid(), visitors: z.number(), staff: z.number() }),
  }),
  z.object({
    type: z.literal('roll_call.closed'),
    data: z.object({ rollCallId: z.uuid(), accounted: z.number(), total: z.number() }),
  }),
  z.object({ type: z.literal('roll_call.viewed'), data: z.object({ rollCallId: z.uuid() }) }),
  z.object({
    type: z.literal('document.draft_saved'),
    data: z.object({ documentId: z.uuid(), kind: documentKind, language: kioskLanguage, started: z.boolean() }),
  }),
  z.object({
    type: z.literal('document.draft_discarded'),
    data: z.object({ documentId: z.uuid(), kind: documentKind, language: kioskLanguage }),
  }),
  z.object({
    type: z.literal('document.published'),
    data: z.object({ documentId: z.uuid(), kind: documentKind, language: kioskLanguage, version: z.number().int() }),
  }),
  z.object({ type: z.literal('site.settings_changed'), data: z.object({ fields: z.array(siteSettings.keyof()) }) }),
  z.object({
    type: z.literal('organisation.settings_changed'),
    data: z.object({ fields: z.array(organisationSettings.keyof()) }),
  }),
] as const;
