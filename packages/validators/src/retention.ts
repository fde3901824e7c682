import { z } from 'zod';
import { siteId } from './scope.ts';
import { text } from './text.ts';

/**
 * How long visits are kept after they end, in months: 1 to 10 years (policy 003 asks 6 years for some services;
 * the default is 3). Months, so a period such as 18 months can be set; the admin shows years where they divide.
 */
export const RETENTION_MIN_MONTHS = 12;
export const RETENTION_MAX_MONTHS = 120;
export const RETENTION_DEFAULT_MONTHS = 36;

const monthsError = `Enter a whole number of months from ${RETENTION_MIN_MONTHS} (1 year) to ${RETENTION_MAX_MONTHS} (10 years)`;
export const retentionMonths = z
  .number({ error: monthsError })
  .int({ error: monthsError })
  .min(RETENTION_MIN_MONTHS, { error: monthsError })
  .max(RETENTION_MAX_MONTHS, { error: monthsError });

/** The organisation's period and this site's own (null: the site follows the organisation). */
export const setRetentionInput = z.object({
  siteId,
  organisationMonths: retentionMonths,
  siteMonths: retentionMonths.nullable(),
});
export type SetRetentionInput = z.infer<typeof setRetentionInput>;

const purgeTimeError = 'Enter the purge time as an hour from 0 to 23, or as hours and minutes such as 02:00';

/**
 * When the nightly purge runs, local time in the organisation's first site's time zone: an hour ("2", "23") or
 * hours and minutes ("02:30"), kept as HH:MM.
 */
export const purgeTime = text({ trim: true, error: purgeTimeError })
  .regex(/^([01]?\d|2[0-3])(:[0-5]\d)?$/, { error: purgeTimeError })
  .transform((value) => {
    const [hours = '', minutes = '00'] = value.split(':');
    return `${hours.padStart(2, '0')}:${minutes}`;
  });

export const CONCERN_REVIEW_MIN_DAYS = 1;
export const CONCERN_REVIEW_MAX_DAYS = 90;
export const CONCERN_REVIEW_DEFAULT_DAYS = 14;

const reviewDaysError = `Enter the concern review period as a whole number of days from ${CONCERN_REVIEW_MIN_DAYS} to ${CONCERN_REVIEW_MAX_DAYS}`;
/** How many days after a concern its automatic hold comes up for review. */
export const concernReviewDays = z
  .number({ error: reviewDaysError })
  .int({ error: reviewDaysError })
  .min(CONCERN_REVIEW_MIN_DAYS, { error: reviewDaysError })
  .max(CONCERN_REVIEW_MAX_DAYS, { error: reviewDaysError });

/** The organisation's nightly purge time and concern review period (set from a site's retention page). */
export const setRetentionScheduleInput = z.object({ siteId, purgeTime, concernReviewDays });
export type SetRetentionScheduleInput = z.output<typeof setRetentionScheduleInput>;

/** What started a purge: the nightly job or the command line. */
export const purgeTriggers = ['schedule', 'command'] as const;
export const purgeTrigger = z.enum(purgeTriggers);
export type PurgeTrigger = z.infer<typeof purgeTrigger>;

/** "3 years", "18 months": how the admin and the command line say a period. */
export function describeMonths(months: number): string {
  if (months % 12 === 0) return months === 12 ? '1 year' : `${months / 12} years`;
  return `${months} months`;
}
