import { type Db, listPurgeSchedules } from '@threshold/db';
import type { ThresholdJobCatalogue } from '../../jobs/catalogue.ts';
import type { Jobs } from '../../jobs/jobs.ts';
import { lastLocalTimeBefore } from '../local-time.ts';
import { runRetentionPurge } from './purge.ts';

/** How often (UTC cron) the job looks for organisations whose purge time has come: a purge starts within minutes. */
export const PURGE_CRON = '*/5 * * * *';

/**
 * The instant the organisation's latest nightly purge fell due: the last time at or before `now` that the clock in
 * `timeZone` read `purgeTime`. Summer time moves it in UTC, never in local time.
 */
export function purgeDueAt(now: Date, purgeTime: string, timeZone: string): Date {
  return lastLocalTimeBefore(now, purgeTime, timeZone);
}

/** Due unless a scheduled purge has started since it fell due: a missed night (server down) runs at the next check. */
export function isPurgeDue(
  now: Date,
  schedule: { purgeTime: string; timeZone: string; lastScheduledAt: Date | null },
): boolean {
  const due = purgeDueAt(now, schedule.purgeTime, schedule.timeZone);
  return schedule.lastScheduledAt === null || schedule.lastScheduledAt < due;
}

type PurgeJobs = Pick<Jobs<ThresholdJobCatalogue>, 'work' | 'every'>;

export interface NightlyPurgeOptions {
  /** The owner role's connection: only it may delete signed records. */
  ownerDb: Db;
  now?: () => Date;
  /** Told what each organisation's purge did (counts only), for the server log. */
  onPurged?: (summary: string) => void;
  /** Purge one organisation only (tests share a database). */
  organisationId?: string;
}

/**
 * One check of the 'retention-purge' job: purges every organisation whose purge time has passed in its time zone
 * since its last scheduled purge. A purge records itself as it starts, so later checks (and pg-boss's retry of a job
 * that outlived its expiry) skip it while it runs; a failed one is tried again. Two checks racing would run one purge
 * twice, which destroys nothing more (it is idempotent).
 */
export function nightlyPurgeHandler(options: NightlyPurgeOptions): () => Promise<void> {
  const now = options.now ?? (() => new Date());
  return async () => {
    const schedules = await listPurgeSchedules(
      options.ownerDb,
      options.organisationId ? { organisationId: options.organisationId } : {},
    );
    for (const schedule of schedules) {
      const at = now();
      if (!isPurgeDue(at, schedule)) continue;
      const results = await runRetentionPurge(options.ownerDb, {
        now: at,
        trigger: 'schedule',
        organisationId: schedule.organisationId,
      });
      const visits = results.reduce((n, r) => n + r.counts.visits, 0);
      const held = results.reduce((n, r) => n + r.skippedHeld, 0);
      options.onPurged?.(`retention purge: ${visits} visit(s) destroyed, ${held} kept under a hold`);
    }
  };
}

/**
 * Registers the nightly purge as a pg-boss job (before `jobs.start()`); `schedule` (after it) saves the cron that
 * runs its check, once across every server process.
 */
export function registerNightlyPurge(jobs: PurgeJobs, options: NightlyPurgeOptions) {
  jobs.work('retention-purge', nightlyPurgeHandler(options));
  return { schedule: () => jobs.every('retention-purge', PURGE_CRON, {}) };
}
