import { z } from 'zod';
import { siteId } from './scope.ts';

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

/** What started a purge: the nightly job or the command line. */
export const purgeTriggers = ['schedule', 'command'] as const;
export const purgeTrigger = z.enum(purgeTriggers);
export type PurgeTrigger = z.infer<typeof purgeTrigger>;

/** "3 years", "18 months": how the admin and the command line say a period. */
export function describeMonths(months: number): string {
  if (months % 12 === 0) return months === 12 ? '1 year' : `${months / 12} years`;
  return `${months} months`;
}
