import { type Db, listSiteClosingTimes, lockVisitsOpenBefore, setVisitState } from '@threshold/db';
import { visitState } from '@threshold/validators';
import type { ThresholdJobCatalogue } from '../jobs/catalogue.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { writeAudit } from './audit.ts';
import { signalVisitChange } from './escort/context.ts';
import { lastLocalTimeBefore } from './local-time.ts';
import { transition } from './visit-state.ts';

/**
 * At each site's closing time, visits still open become "departure unconfirmed": nobody saw them leave, so nobody
 * signs them out on a guess. Runs every few minutes (CLOSING_SWEEP_CRON); a visit signed in before the last closing
 * time and still open is changed once (a changed visit no longer matches), so a late or repeated run is harmless.
 */
export async function markDeparturesUnconfirmed(
  db: Db,
  params: { now: Date; siteIds?: string[] },
): Promise<{ visitIds: string[] }> {
  const visitIds: string[] = [];
  const sites = await listSiteClosingTimes(db, params.siteIds ? { siteIds: params.siteIds } : {});
  for (const s of sites) {
    const closingAt = lastLocalTimeBefore(params.now, s.closingTime, s.timezone);
    const changed = await db.transaction(async (tx) => {
      const open = await lockVisitsOpenBefore(tx, { siteId: s.id, before: closingAt });
      for (const v of open) {
        await setVisitState(tx, { visitId: v.id, state: transition(visitState.parse(v.state), 'day_end') });
        await writeAudit(
          tx,
          { type: 'system', id: null },
          { organisationId: v.organisationId, siteId: v.siteId, visitId: v.id },
          { type: 'visit.departure_unconfirmed', data: { closingAt: closingAt.toISOString() } },
        );
        await signalVisitChange(tx, v, []);
      }
      return open.map((v) => v.id);
    });
    visitIds.push(...changed);
  }
  return { visitIds };
}

/** Every five minutes (UTC cron): each site's own closing time, in its own time zone, is checked by the sweep. */
export const CLOSING_SWEEP_CRON = '*/5 * * * *';

export interface ClosingSweepOptions {
  db: Db;
  now?: () => Date;
  /** Told when a run changed visits (to hurry the after-commit drain of their live events). */
  afterEach?: () => void;
  /** Sweep these sites only (tests share a database). */
  siteIds?: string[];
}

/** One run of the sweep, as the 'closing-sweep' job runs it. Idempotent: a repeated or late run is harmless. */
export function closingSweepHandler(options: ClosingSweepOptions): () => Promise<void> {
  const now = options.now ?? (() => new Date());
  return async () => {
    const { visitIds } = await markDeparturesUnconfirmed(options.db, {
      now: now(),
      ...(options.siteIds ? { siteIds: options.siteIds } : {}),
    });
    if (visitIds.length > 0) options.afterEach?.();
  };
}

/**
 * Registers the sweep as a pg-boss job (before `jobs.start()`); `schedule` (after it) saves its cron schedule, which
 * pg-boss runs once across every server process. A server down at closing time is caught up by the next run.
 */
export function registerClosingSweep(
  jobs: Pick<Jobs<ThresholdJobCatalogue>, 'work' | 'every'>,
  options: ClosingSweepOptions,
) {
  jobs.work('closing-sweep', closingSweepHandler(options));
  return { schedule: () => jobs.every('closing-sweep', CLOSING_SWEEP_CRON, {}) };
}
