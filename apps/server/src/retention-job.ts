import { type Jobs, registerNightlyPurge, type ThresholdJobCatalogue } from '@threshold/api';
import { createDb } from '@threshold/db';
import type { ResolvedDatabase } from './database.ts';
import type { Env } from './env.ts';

/** The role that owns the tables: only it may delete signed records, so the purge connects as it. */
export function ownerUrlOf(env: Env, database: ResolvedDatabase): string {
  const url = database.embedded?.ownerUrl ?? env.DATABASE_OWNER_URL ?? env.DATABASE_URL;
  if (!url) throw new Error('no database owner to run the retention purge as');
  return url;
}

/**
 * Registers the nightly retention purge (before `jobs.start()`); `schedule` (after it) saves the cron that checks
 * each organisation's purge time. One small owner pool, used only while a purge runs.
 */
export function setUpRetentionPurge(jobs: Jobs<ThresholdJobCatalogue>, ownerUrl: string) {
  const owner = createDb(ownerUrl, { max: 2, applicationName: 'threshold-retention' });
  const nightly = registerNightlyPurge(jobs, {
    ownerDb: owner.db,
    onPurged: (summary) => console.log(`[retention] ${summary}`),
  });
  return { schedule: nightly.schedule, close: () => owner.close() };
}
