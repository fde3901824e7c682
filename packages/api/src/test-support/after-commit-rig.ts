import { randomUUID } from 'node:crypto';
import { createDb, type LiveEvent, type LiveListener } from '@threshold/db';
import { expect, inject } from 'vitest';
import { jobCatalogue } from '../jobs/catalogue.ts';
import { createJobs, type Jobs } from '../jobs/jobs.ts';
import { prepareTestJobSchema } from '../jobs/testing.ts';
import { listenForLiveEvents } from '../live/listener.ts';
import type { Harness } from './harness.ts';

/**
 * What the after-commit test files share: LISTEN on a connection of its own, pg-boss started but working no queue
 * (the checks it schedules stay waiting, to be looked at), and every error reported, which must be none at the end.
 * Call `start` in beforeAll and `stop` in afterAll.
 */
export function afterCommitRig(h: Harness) {
  const listenHandle = createDb(inject('databaseUrl'), { max: 1 });
  const failures: string[] = [];
  let started: { live: LiveListener; jobs: Jobs<typeof jobCatalogue> } | undefined;

  async function start() {
    await prepareTestJobSchema();
    const live = await listenForLiveEvents(listenHandle.sql);
    const jobs = createJobs({
      appUrl: inject('databaseUrl'),
      catalogue: jobCatalogue,
      onError: (w) => failures.push(w),
    });
    await jobs.start();
    started = { live, jobs };
    return started;
  }

  async function stop() {
    await started?.jobs.stop();
    await started?.live.close();
    await listenHandle.close();
    await h.close();
    expect(failures).toEqual([]);
  }

  /** Site-scoped ids, so rows other test files queue in the same table are told apart. */
  function scene() {
    const base = { organisationId: randomUUID(), siteId: randomUUID() };
    const event = (): LiveEvent => ({ type: 'visit', ...base, visitId: randomUUID() });
    return { base, event };
  }

  async function remaining(visitIds: string[]) {
    const rows = await h.handle.sql<{ kind: string; attempts: number }[]>`
      select kind, attempts from job_outbox where payload->>'visitId' = any(${visitIds}) order by id`;
    return rows;
  }

  const noErrors = (where: string, err: unknown) => failures.push(`${where}: ${String(err)}`);

  return { start, stop, scene, remaining, noErrors };
}
