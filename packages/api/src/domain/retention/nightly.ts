import type { Db } from '@threshold/db';
import type { ThresholdJobCatalogue } from '../../jobs/catalogue.ts';
import type { Jobs } from '../../jobs/jobs.ts';
import { runRetentionPurge } from './purge.ts';

/** 02:00 UTC: the quietest hour at the sites so far (all in Europe and Cambodia, closing by 20:00 local). */
export const PURGE_HOUR_UTC = 2;

/** The next purge after `now`: the night's date (its key) and when it may start. */
export function nextPurgeRun(now: Date): { night: string; startAfter: Date } {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), PURGE_HOUR_UTC));
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return { night: at.toISOString().slice(0, 10), startAfter: at };
}

type PurgeJobs = Pick<Jobs<ThresholdJobCatalogue>, 'work' | 'schedule'>;

export interface NightlyPurgeOptions {
  /** The owner role's connection: only it may delete signed records. */
  ownerDb: Db;
  now?: () => Date;
  /** Told what each night's purge did (counts only), for the server log. */
  onPurged?: (summary: string) => void;
  /** Purge one organisation only (tests share a database). */
  organisationId?: string;
}

/**
 * The nightly purge as a pg-boss job: each run plans the next night first (so a failed run never ends the cycle),
 * then purges. pg-boss runs a job once across replicas; two servers planning the same night share its key.
 * Call `planNext` once the jobs have started, so a fresh install has its first night planned.
 */
export function registerNightlyPurge(jobs: PurgeJobs, options: NightlyPurgeOptions) {
  const now = options.now ?? (() => new Date());
  const planNext = async () => {
    const { night, startAfter } = nextPurgeRun(now());
    await jobs.schedule('retention-purge', { night }, { startAfter, singletonKey: `retention-purge-${night}` });
  };
  jobs.work('retention-purge', async () => {
    await planNext();
    const results = await runRetentionPurge(options.ownerDb, {
      now: now(),
      trigger: 'schedule',
      ...(options.organisationId ? { organisationId: options.organisationId } : {}),
    });
    const visits = results.reduce((n, r) => n + r.counts.visits, 0);
    const held = results.reduce((n, r) => n + r.skippedHeld, 0);
    options.onPurged?.(`retention purge: ${visits} visit(s) destroyed, ${held} kept under a hold`);
  });
  return { planNext };
}
