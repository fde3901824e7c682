import { z } from 'zod';
import { visitorCategory, visitState } from './enums.ts';
import { logExceptionKinds } from './exceptions.ts';
import { checkDayOrder, periodDay } from './period.ts';
import { siteId, staffId } from './scope.ts';
import { text } from './text.ts';

// The log's filter is built from the kinds, and the audit union's review counts are keyed by them.
export { logExceptionKind } from './exceptions.ts';

export const logExceptionFilter = z.enum(['any', ...logExceptionKinds], { error: 'Choose a kind of exception' });

/** The longest period one review covers: a year of days, so the report stays one readable list. */
const maxReviewDays = 366;

/**
 * Words of a visitor's name, each matched against the beginnings of the name's words ("mar cur" finds Marie Curie);
 * case and accents do not matter. Never written to the audit trail.
 */
export const nameSearchTerm = text({ trim: true })
  .max(100, { error: 'A name search can be at most 100 characters' })
  .refine((s) => /[\p{L}\p{N}]/u.test(s), { error: 'Type at least one letter of the name' });

/**
 * Where the previous page ended: the last row's sign-in time (microseconds since 1970) and id. At most 17 digits
 * (year 5138): 19 could pass PostgreSQL's bigint and fail the query with a 500.
 */
export const visitLogCursor = z.object({
  at: z.string().regex(/^\d{1,17}$/, { error: 'Bad log position' }),
  id: z.uuid({ error: 'Bad log position' }),
});

const visitLogPageSize = 50;

export const visitLogSearchInput = z
  .object({
    siteId,
    from: periodDay('start').optional(),
    to: periodDay('end').optional(),
    category: visitorCategory.optional(),
    state: visitState.optional(),
    escortStaffId: staffId.optional(),
    exception: logExceptionFilter.optional(),
    name: nameSearchTerm.optional(),
    cursor: visitLogCursor.nullish(),
    limit: z
      .number()
      .int()
      .min(1, { error: 'Ask for at least 1 visit' })
      .max(100, { error: 'A page holds at most 100 visits' })
      .default(visitLogPageSize),
  })
  .superRefine((p, ctx) => {
    checkDayOrder(p, ctx);
  });
export type VisitLogSearchInput = z.input<typeof visitLogSearchInput>;

const period = { siteId, from: periodDay('start'), to: periodDay('end') };

function checkPeriod(p: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (!checkDayOrder(p, ctx)) return;
  const days = (Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > maxReviewDays) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `A review covers at most ${maxReviewDays} days; choose a later start date or an earlier end date`,
    });
  }
}

/** A period of whole site-local days, first and last included. */
export const logPeriodInput = z.object(period).superRefine(checkPeriod);

export const logSignOffInput = z
  .object({
    ...period,
    /** The fingerprint of the exception report the coordinator was shown (exceptionReport's `digest`). */
    digest: z.string().regex(/^[0-9a-f]{64}$/, { error: 'Open the exception report before signing off' }),
    note: text({ multiline: true, trim: true })
      .max(2000, { error: 'The note can be at most 2,000 characters' })
      .default(''),
  })
  .superRefine(checkPeriod);
