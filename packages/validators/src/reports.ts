import { z } from 'zod';
import { checkDayOrder, periodDay } from './period.ts';
import { siteId } from './scope.ts';

/** The longest period a report or export may cover, in years. */
export const maxReportYears = 2;

/** `to` is at most `maxReportYears` calendar years after `from` (both site-local days, inclusive). */
function withinMaxRange(from: string, to: string): boolean {
  const limit = new Date(`${from}T00:00:00Z`);
  limit.setUTCFullYear(limit.getUTCFullYear() + maxReportYears);
  return new Date(`${to}T00:00:00Z`) <= limit;
}

function checkPeriod(p: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (checkDayOrder(p, ctx) && !withinMaxRange(p.from, p.to)) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `A report can cover at most ${maxReportYears} years; choose a later start date or an earlier end date`,
    });
  }
}

const period = { siteId, from: periodDay('start'), to: periodDay('end') };

/** A period of whole days in the site's time zone, first and last day included. */
export const reportPeriodInput = z.object(period).superRefine(checkPeriod);
export type ReportPeriodInput = z.infer<typeof reportPeriodInput>;

/** Why a coordinator exports visit records; recorded in the audit trail (an enum, so no free text lands there). */
export const exportReasons = ['compliance_review', 'funder_report', 'inspection', 'safeguarding_review'] as const;
export const exportReason = z.enum(exportReasons, { error: 'Choose why you are exporting' });
export type ExportReason = z.infer<typeof exportReason>;
/** Why an export was made, as people read it (the export form and each exported visit's timeline). */
export const exportReasonLabels: Record<ExportReason, string> = {
  compliance_review: 'Compliance review',
  safeguarding_review: 'Safeguarding review',
  funder_report: 'Report to a funder',
  inspection: 'Inspection or audit',
};

export const exportStartInput = z.object({ ...period, reason: exportReason }).superRefine(checkPeriod);

/** Where the previous page ended: the last row's sign-in time (microseconds since 1970) and id. */
export const exportCursor = z.object({
  at: z.string().regex(/^\d{1,17}$/, { error: 'Bad export position' }),
  id: z.uuid({ error: 'Bad export position' }),
});
export type ExportCursor = z.infer<typeof exportCursor>;

export const exportPageInput = z.object({
  siteId,
  exportId: z.uuid({ error: 'Missing export id' }),
  after: exportCursor.nullable(),
});
