import { z } from 'zod';

/** Job names and the shape of their payloads. pg-boss stores payloads as JSON, so each must be an object. */
export type JobCatalogue = Record<string, z.ZodType<object>>;

/**
 * Every job the server knows. Payloads carry ids only, never personal data: pg-boss keeps finished jobs for
 * days, outside the reach of visit retention. Handlers are registered by name with `jobs.work()`.
 */
export const jobCatalogue = {
  /** Some minutes after sign-in: alert if no escort has confirmed. */
  'escort-check': z.object({ visitId: z.uuid() }),
  /** At a visit's expected end: alert if the visitor is still on site. */
  'overrun-check': z.object({ visitId: z.uuid() }),
  /** Cron: purge each organisation whose nightly purge time has come (and has not yet run since). */
  'retention-purge': z.object({}),
  /** Cron: visits still open at a site's closing time become "departure unconfirmed". */
  'closing-sweep': z.object({}),
} satisfies JobCatalogue;

export type ThresholdJobCatalogue = typeof jobCatalogue;
