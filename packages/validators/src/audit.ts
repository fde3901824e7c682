import { z } from 'zod';
import { consentState } from './disclosures.ts';
import { alertKind, documentKind, kioskLanguage, staffRole, visitorCategory, visitState } from './enums.ts';
import { outboxFailureReason, outboxTemplate } from './outbox.ts';
import { exportReason } from './reports.ts';
import { purgeTrigger } from './retention.ts';
import { rollCallEntryKind } from './roll-call.ts';
import { concernCategory, concernRaisedVia, holdReason } from './safeguarding.ts';
import { organisationSettings, siteSettings } from './site-settings.ts';
import { subjectErasureReason, subjectExportFormats, subjectExportReason } from './subject-access.ts';
import { logExceptionFilter, logExceptionKind } from './visit-log.ts';

/** What a saved disclosure request's audit row says: whether, not what. */
const disclosureAuditData = z.object({
  disclosureId: z.uuid(),
  consent: consentState,
  told: z.boolean(),
  released: z.boolean(),
  decidedByStaffId: z.string(),
  visitIds: z.array(z.uuid()),
});

/**
 * Every audit event the system writes. Data carries ids and enums only — never names — so the trail
 * holds no personal data in clear and survives the destruction of visits under retention.
 */
export const auditEventSchema = z.discriminatedUnion('type', [
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
    type: z.literal('staff.roles_changed'),
    data: z.object({ staffId: z.string(), added: z.array(staffRole), removed: z.array(staffRole) }),
  }),
  z.object({ type: z.literal('staff.reactivated'), data: z.object({ staffId: z.string() }) }),
  z.object({ type: z.literal('staff.two_factor_reset'), data: z.object({ staffId: z.string() }) }),
  z.object({ type: z.literal('organisation.two_factor_requirement_set'), data: z.object({ required: z.boolean() }) }),
  z.object({
    type: z.literal('visits.exported'),
    data: z.object({
      from: z.string(),
      to: z.string(),
      count: z.number(),
      via: z.enum(['cli', 'admin']),
      // Admin exports are paged: each page is checked against this row (same staff, site, export id).
      exportId: z.uuid().optional(),
      reason: exportReason.optional(),
    }),
  }),
  z.object({
    type: z.literal('reports.viewed'),
    data: z.object({ report: z.enum(['visit_summary']), from: z.iso.date(), to: z.iso.date() }),
  }),
  // Someone browsed the site's audit trail: the filters they used (ids, a kind, dates) and how many entries they saw.
  z.object({
    type: z.literal('audit.viewed'),
    data: z.object({
      actorStaffId: z.uuid().optional(),
      eventType: z.string().optional(),
      from: z.iso.date().optional(),
      to: z.iso.date().optional(),
      before: z.number().optional(),
      count: z.number(),
    }),
  }),
  z.object({ type: z.literal('alert.raised'), data: z.object({ alertId: z.uuid(), kind: alertKind }) }),
  z.object({ type: z.literal('alert.acknowledged'), data: z.object({ alertId: z.uuid(), kind: alertKind }) }),
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
  // The filters of a visit log search, and only whether a name was searched: the name itself is never kept.
  z.object({
    type: z.literal('visit_log.searched'),
    data: z.object({
      from: z.iso.date().optional(),
      to: z.iso.date().optional(),
      category: visitorCategory.optional(),
      state: visitState.optional(),
      escortStaffId: z.string().optional(),
      exception: logExceptionFilter.optional(),
      nameSearched: z.boolean(),
      page: z.enum(['first', 'next']),
      results: z.number().int(),
    }),
  }),
  z.object({
    type: z.literal('log_review.report_viewed'),
    data: z.object({
      from: z.iso.date(),
      to: z.iso.date(),
      visits: z.number().int(),
      exceptionVisits: z.number().int(),
    }),
  }),
  z.object({
    type: z.literal('log_review.signed_off'),
    data: z.object({
      reviewId: z.uuid(),
      from: z.iso.date(),
      to: z.iso.date(),
      visits: z.number().int(),
      exceptions: z.record(logExceptionKind, z.number().int()),
    }),
  }),
  // Disclosure register: ids and codes only; who asked, what and why stay in the register itself.
  z.object({ type: z.literal('disclosure.recorded'), data: disclosureAuditData }),
  z.object({ type: z.literal('disclosure.updated'), data: disclosureAuditData }),
  z.object({ type: z.literal('disclosure.viewed'), data: z.object({ disclosureId: z.uuid() }) }),
  // Retention: periods set (months; a site's null follows the organisation) and what each purge destroyed, by id.
  z.object({
    type: z.literal('retention.period_set'),
    data: z.object({
      organisationMonthsFrom: z.number().int(),
      organisationMonthsTo: z.number().int(),
      siteMonthsFrom: z.number().int().nullable(),
      siteMonthsTo: z.number().int().nullable(),
    }),
  }),
  z.object({
    type: z.literal('retention.schedule_set'),
    data: z.object({
      purgeTimeFrom: z.string(),
      purgeTimeTo: z.string(),
      concernReviewDaysFrom: z.number().int(),
      concernReviewDaysTo: z.number().int(),
    }),
  }),
  z.object({
    type: z.literal('retention.visits_destroyed'),
    data: z.object({ purgeId: z.uuid(), visitIds: z.array(z.uuid()) }),
  }),
  z.object({
    type: z.literal('retention.disclosures_destroyed'),
    data: z.object({ purgeId: z.uuid(), disclosureIds: z.array(z.uuid()) }),
  }),
  z.object({
    type: z.literal('retention.purge_finished'),
    data: z.object({
      purgeId: z.uuid(),
      trigger: purgeTrigger,
      visits: z.number().int(),
      disclosureRequests: z.number().int(),
      skippedHeld: z.number().int(),
    }),
  }),
  z.object({
    type: z.literal('disclosures.exported'),
    data: z.object({
      count: z.number().int(),
      reason: exportReason,
      from: z.iso.date().nullable(),
      to: z.iso.date().nullable(),
      consent: consentState.nullable(),
    }),
  }),
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
  // Subject access: whether a name or an email was searched (never either itself), and per visit what was done.
  z.object({
    type: z.literal('subject_access.searched'),
    // denyListMatches: absent from rows written before deny-list entries were searched too.
    data: z.object({
      byName: z.boolean(),
      byEmail: z.boolean(),
      results: z.number().int(),
      denyListMatches: z.number().int().optional(),
    }),
  }),
  z.object({
    type: z.literal('visit.subject_exported'),
    data: z.object({
      requestId: z.uuid(),
      format: z.enum(subjectExportFormats),
      reason: subjectExportReason,
      count: z.number().int(),
    }),
  }),
  z.object({
    type: z.literal('visit.erased'),
    data: z.object({ requestId: z.uuid(), reason: subjectErasureReason, count: z.number().int() }),
  }),
  /** A visit a subject-access erasure left alone because a safeguarding hold keeps it: ids and the cause only. */
  z.object({
    type: z.literal('visit.erasure_refused'),
    data: z.object({ requestId: z.uuid(), because: z.literal('held') }),
  }),
]);
export type AuditEventInput = z.infer<typeof auditEventSchema>;
export type AuditEventType = AuditEventInput['type'];
