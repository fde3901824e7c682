import type { Db } from '@threshold/db';
import { type AfterCommitHandlers, notifyHandler, type VisitChecks } from '../../jobs/after-commit.ts';
import type { ThresholdJobCatalogue } from '../../jobs/catalogue.ts';
import type { Jobs } from '../../jobs/jobs.ts';
import { screeningAlertHandler } from '../deny-list/screening.ts';
import { signOutNoticeHandler } from '../sign-out-notice.ts';
import { checkOverrun, checkUnescorted } from './alerts.ts';
import { matchHostsAfterSignIn } from './host-match.ts';

/** pg-boss's Jobs has both; without scheduleAll each check is scheduled on its own. */
export type VisitTimers = Pick<Jobs<ThresholdJobCatalogue>, 'schedule'> &
  Partial<Pick<Jobs<ThresholdJobCatalogue>, 'scheduleAll'>>;

/** The two durable timers of a new visit, each keyed by the visit so scheduling it again does nothing. */
function visitCheckJobs(params: VisitChecks) {
  const after = (seconds: number) => new Date(params.signedInAt.getTime() + seconds * 1000);
  const data = { visitId: params.visitId };
  return [
    {
      name: 'escort-check' as const,
      data,
      options: { startAfter: after(params.escortConfirmSeconds), singletonKey: `escort-check:${params.visitId}` },
    },
    {
      name: 'overrun-check' as const,
      data,
      options: { startAfter: after(params.expectedVisitMinutes * 60), singletonKey: `overrun-check:${params.visitId}` },
    },
  ];
}

/**
 * Durable timers for a new visit: "no confirmed escort after N minutes" and "longer than expected". They survive a
 * restart and run once across server processes (pg-boss); the checks are idempotent, so a late or repeated run is
 * harmless.
 */
export async function scheduleVisitChecks(jobs: VisitTimers, params: VisitChecks) {
  for (const job of visitCheckJobs(params)) await jobs.schedule(job.name, job.data, job.options);
}

/**
 * How the server hands on what follows a commit: live events as NOTIFY, a new visit's checks as durable timers, and
 * the match of its typed host (see matchHostsAfterSignIn).
 */
export function afterCommitHandlers(jobs: VisitTimers): AfterCommitHandlers {
  return {
    ...notifyHandler,
    ...hostMatchHandler,
    ...signOutNoticeHandler,
    ...screeningAlertHandler,
    // The checks of every visit one drain hands on go to pg-boss in one insert inside the drain's transaction,
    // not two inserts with a commit each per visit.
    visit_checks: async (checks, tx) => {
      if (jobs.scheduleAll) return jobs.scheduleAll(checks.flatMap(visitCheckJobs), { tx });
      for (const c of checks) await scheduleVisitChecks(jobs, c);
    },
    // Keyed by time too: the first check's key may still be held by its finished job.
    escort_recheck: async ({ visitId, at }) => {
      await jobs.schedule(
        'escort-check',
        { visitId },
        { startAfter: new Date(at), singletonKey: `escort-check:${visitId}:${at}` },
      );
    },
  };
}

/** Host matching on its own (it needs no timers); every visit of one drain at once. */
export const hostMatchHandler: Required<Pick<AfterCommitHandlers, 'host_match'>> = {
  host_match: (tasks, tx) => matchHostsAfterSignIn(tx, { visitIds: tasks.map((t) => t.visitId), now: new Date() }),
};

/**
 * What each timer does when it fires. `afterEach` hurries what a check queued to follow its commit (an alert's live
 * event), as every tRPC mutation does (see live/publish.ts).
 */
export function registerVisitCheckHandlers(
  jobs: Pick<Jobs<ThresholdJobCatalogue>, 'work'>,
  db: Db,
  afterEach: () => void = () => {},
) {
  jobs.work('escort-check', async ({ visitId }) => {
    await checkUnescorted(db, { visitId, now: new Date() });
    afterEach();
  });
  jobs.work('overrun-check', async ({ visitId }) => {
    await checkOverrun(db, { visitId, now: new Date() });
    afterEach();
  });
}
