import { z } from 'zod';
import { consentState } from '../disclosures.ts';
import { exportReason } from '../reports.ts';
import { purgeTrigger } from '../retention.ts';
import { subjectErasureReason, subjectExportFormats, subjectExportReason } from '../subject-access.ts';

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
 * Disclosures, retention and subject access. Part of auditEventSchema (../audit.ts): ids and enums only, never names.
 */
export const dataProtectionAuditEvents = [
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
] as const;
