import { z } from 'zod';
import { isoDay } from './dates.ts';

// What every period of site-local days (reports, exports, the visit log, log reviews) asks of its two ends.

/** One end of a period, its error naming which ("Enter the start date as YYYY-MM-DD"). */
export const periodDay = (which: 'start' | 'end') => isoDay(`Enter the ${which} date as YYYY-MM-DD`);

const isDay = (s: string | undefined): s is string => z.iso.date().safeParse(s).success;

/**
 * The end is on or after the start (YYYY-MM-DD compares as text as it reads). A malformed or missing day has its own
 * error already, so it is not compared. True when both days are there, well formed and in order.
 */
export function checkDayOrder(
  p: { from?: string | undefined; to?: string | undefined },
  ctx: z.RefinementCtx,
): p is { from: string; to: string } {
  if (!isDay(p.from) || !isDay(p.to)) return false;
  if (p.from <= p.to) return true;
  ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end date must be on or after the start date' });
  return false;
}
