import { setTimeout as sleep } from 'node:timers/promises';
import { createDb } from '@threshold/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jobCatalogue } from '../../jobs/catalogue.ts';
import { createJobs } from '../../jobs/jobs.ts';
import { JOB_SCHEMA } from '../../jobs/prepare.ts';
import { prepareTestJobSchema } from '../../jobs/testing.ts';
import { type EscortScene, escortScene } from '../../test-support/escort-harness.ts';
import { createHarness } from '../../test-support/harness.ts';
import { rowsOfVisit, visitWithEverything } from '../../test-support/retention-scene.ts';
import { nextPurgeRun, registerNightlyPurge } from './nightly.ts';

const h = createHarness();
const owner = createDb(inject('ownerDatabaseUrl'), { max: 2 });
let scene: EscortScene;

beforeAll(async () => {
  await prepareTestJobSchema();
  scene = await escortScene(h);
});
afterAll(async () => {
  await owner.close();
  await h.close();
});

describe('nextPurgeRun', () => {
  it('is the coming 02:00 UTC, keyed by that night', () => {
    expect(nextPurgeRun(new Date('2031-06-10T01:59:00Z'))).toEqual({
      night: '2031-06-10',
      startAfter: new Date('2031-06-10T02:00:00Z'),
    });
    expect(nextPurgeRun(new Date('2031-06-10T02:00:00Z')).night).toBe('2031-06-11');
    expect(nextPurgeRun(new Date('2031-12-31T23:00:00Z')).night).toBe('2032-01-01');
  });
});

describe('the nightly purge job', () => {
  it('runs through pg-boss, purges with its clock, and plans the next night', async () => {
    const expired = await visitWithEverything(h, scene, { fullName: 'Nightly Gone', signedOutAt: new Date() });
    // The job's clock is four years on, so the visit that just ended is past the default three years.
    const now = new Date(Date.now() + 4 * 365.25 * 24 * 3600 * 1000);
    const told: string[] = [];
    const jobs = createJobs({
      appUrl: inject('databaseUrl'),
      catalogue: jobCatalogue,
      onError: (where, err) => told.push(`${where}: ${String(err)}`),
      pollingIntervalSeconds: 0.5,
    });
    const nightly = registerNightlyPurge(jobs, {
      ownerDb: owner.db,
      now: () => now,
      organisationId: scene.organisation.id,
      onPurged: (summary) => told.push(summary),
    });
    await jobs.start();
    try {
      // Planned for a night already come (pg-boss sees the real clock), so it runs at the next poll.
      await jobs.schedule(
        'retention-purge',
        { night: '2020-01-01' },
        {
          startAfter: new Date(),
          singletonKey: `retention-purge-test-${scene.organisation.id}`,
        },
      );
      const deadline = Date.now() + 8_000;
      while (!told.some((t) => t.startsWith('retention purge')) && Date.now() < deadline) await sleep(100);
      expect(told).toEqual(['retention purge: 1 visit(s) destroyed, 0 kept under a hold']);
      expect((await rowsOfVisit(h, expired.visitId)).visit).toBe(0);

      const next = nextPurgeRun(now);
      const [planned] = await h.handle.sql<{ state: string; on_time: boolean }[]>`
        select state, start_after = ${next.startAfter.toISOString()}::timestamptz as on_time from ${h.handle.sql(JOB_SCHEMA)}.job
         where name = 'retention-purge' and singleton_key = ${`retention-purge-${next.night}`}`;
      expect(planned).toEqual({ state: 'created', on_time: true });
      // Planning the same night again (a second server starting) adds nothing.
      await nightly.planNext();
      const [count] = await h.handle.sql<{ n: number }[]>`
        select count(*)::int as n from ${h.handle.sql(JOB_SCHEMA)}.job
         where name = 'retention-purge' and singleton_key = ${`retention-purge-${next.night}`}`;
      expect(count?.n).toBe(1);
    } finally {
      await jobs.stop();
      // The night planned four years ahead belongs to this test only.
      await owner.sql`delete from ${owner.sql(JOB_SCHEMA)}.job where name = 'retention-purge'`;
    }
  });
});
