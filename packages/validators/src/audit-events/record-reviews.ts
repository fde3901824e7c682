import { z } from 'zod';
import { visitorCategory, visitState } from '../enums.ts';
import { exportReason } from '../reports.ts';
import { logExceptionFilter, logExceptionKind } from '../visit-log.ts';

/**
 * Someone read, searched, reviewed or exported the records. Part of auditEventSchema (../audit.ts): ids and enums only,
 * never names.
 */
export const recordReviewAuditEvents = [
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
] as const;
