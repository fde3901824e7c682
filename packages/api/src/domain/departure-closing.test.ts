import { setTimeout as sleep } from 'node:timers/promises';
import { createDb, schema } from '@threshold/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jobCatalogue } from '../jobs/catalogue.ts';
import { createJobs } from '../jobs/jobs.ts';
import { JOB_SCHEMA } from '../jobs/prepare.ts';
import { prepareTestJobSchema } from '../jobs/testing.ts';
import { escortScene, signInVisitor, stateOf } from '../test-support/escort-harness.ts';
import { createHarness } from '../test-support/harness.ts';
import { CLOSING_SWEEP_CRON, closingSweepHandler, registerClosingSweep } from './departure-closing.ts';

const h = createHarness();
const owner = createDb(inject('ownerDatabaseUrl'), { max: 1 });

beforeAll(() => prepareTestJobSchema());
afterAll(async () => {
  await owner.close();
  await h.close();
});

/** A site closing at 20:00 London time, with one visitor signed in on the morning summer time began. */
async function londonSiteWithVisitor() {
  const scene = await escortScene(h);
  await h.db
    .update(schema.site)
    .set({ timezone: 'Europe/London', closingTime: '20:00' })
    .where(eq(schema.site.id, scene.site.id));
  const { visitId } = await signInVisitor(h, scene, { now: new Date('2031-03-30T09:00:00Z') });
  return { scene, visitId };
}

describe('the closing-time sweep job', () => {
  it('marks the visit at the site’s local closing time (19:00 UTC in summer time), once', async () => {
    const { scene, visitId } = await londonSiteWithVisitor();
    let kicks = 0;
    const runAt = (iso: string) =>
      closingSweepHandler({
        db: h.db,
        now: () => new Date(iso),
        siteIds: [scene.site.id],
        afterEach: () => {
          kicks += 1;
        },
      })();

    await runAt('2031-03-30T18:59:00Z');
    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
    expect(kicks).toBe(0);
    await runAt('2031-03-30T19:00:00Z');
    expect(await stateOf(h, visitId)).toBe('departure_unconfirmed');
    expect(kicks).toBe(1);
    // The next runs (every five minutes, or a late one after a restart) find nothing left to change.
    await runAt('2031-03-30T19:05:00Z');
    await runAt('2031-03-31T08:00:00Z');
    expect(kicks).toBe(1);
  });

  it('is a pg-boss cron schedule, saved once however many servers start, whose job runs the sweep', async () => {
    const { scene, visitId } = await londonSiteWithVisitor();
    const errors: string[] = [];
    const start = async () => {
      const jobs = createJobs({
        appUrl: inject('databaseUrl'),
        catalogue: jobCatalogue,
        onError: (where, err) => errors.push(`${where}: ${String(err)}`),
        pollingIntervalSeconds: 0.5,
      });
      const sweep = registerClosingSweep(jobs, {
        db: h.db,
        now: () => new Date('2031-03-30T20:00:00Z'),
        siteIds: [scene.site.id],
      });
      await jobs.start();
      await sweep.schedule();
      return jobs;
    };
    const servers = [await start(), await start()];
    try {
      const rows = await h.handle.sql<{ cron: string; timezone: string }[]>`
        select cron, timezone from ${h.handle.sql(JOB_SCHEMA)}.schedule where name = 'closing-sweep'`;
      expect(rows).toEqual([{ cron: CLOSING_SWEEP_CRON, timezone: 'UTC' }]);
      // Other suites' job workers would run it every five minutes: this test sends its one run itself.
      await owner.sql`delete from ${owner.sql(JOB_SCHEMA)}.schedule where name = 'closing-sweep'`;
      await servers[0]?.schedule('closing-sweep', {}, { startAfter: new Date(), singletonKey: scene.site.id });
      const deadline = Date.now() + 8_000;
      while ((await stateOf(h, visitId)) !== 'departure_unconfirmed' && Date.now() < deadline) await sleep(100);
      expect(await stateOf(h, visitId)).toBe('departure_unconfirmed');
      expect(errors).toEqual([]);
    } finally {
      await Promise.all(servers.map((jobs) => jobs.stop()));
    }
  });
});
