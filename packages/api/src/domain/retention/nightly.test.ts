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
import { isPurgeDue, nightlyPurgeHandler, PURGE_CRON, purgeDueAt, registerNightlyPurge } from './nightly.ts';

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

const at = (iso: string) => new Date(iso);
const london = (now: string, time = '02:00') => purgeDueAt(at(now), time, 'Europe/London').toISOString();

describe('purgeDueAt', () => {
  it('is the last local purge time, which moves in UTC across the spring change (30 March 2031)', () => {
    expect(london('2031-03-29T12:00:00Z')).toBe('2031-03-29T02:00:00.000Z');
    // 00:59 GMT on the night of the change: tonight's 02:00 has not come, so it is last night's.
    expect(london('2031-03-30T00:59:00Z')).toBe('2031-03-29T02:00:00.000Z');
    expect(london('2031-03-30T12:00:00Z')).toBe('2031-03-30T01:00:00.000Z');
    expect(london('2031-03-31T12:00:00Z')).toBe('2031-03-31T01:00:00.000Z');
    // 01:30 never happens that night (clocks jump 01:00 → 02:00): it runs at 02:30 BST, still that night.
    expect(london('2031-03-30T12:00:00Z', '01:30')).toBe('2031-03-30T01:30:00.000Z');
  });

  it('moves back across the autumn change (26 October 2031), once per local night', () => {
    expect(london('2031-10-26T00:59:00Z')).toBe('2031-10-25T01:00:00.000Z');
    expect(london('2031-10-26T12:00:00Z')).toBe('2031-10-26T02:00:00.000Z');
    // 01:30 happens twice that night: the later one (GMT).
    expect(london('2031-10-26T12:00:00Z', '01:30')).toBe('2031-10-26T01:30:00.000Z');
  });

  it('reads the time in the given zone (Cambodia, UTC+7, no summer time)', () => {
    expect(purgeDueAt(at('2031-06-10T00:00:00Z'), '02:00', 'Asia/Phnom_Penh').toISOString()).toBe(
      '2031-06-09T19:00:00.000Z',
    );
  });
});

describe('isPurgeDue', () => {
  const schedule = { purgeTime: '02:00', timeZone: 'Europe/London' };
  it('is due when no scheduled purge has started since the purge time, and not after one has', () => {
    const now = at('2031-03-30T09:00:00Z');
    expect(isPurgeDue(now, { ...schedule, lastScheduledAt: null })).toBe(true);
    expect(isPurgeDue(now, { ...schedule, lastScheduledAt: at('2031-03-29T02:00:05Z') })).toBe(true);
    expect(isPurgeDue(now, { ...schedule, lastScheduledAt: at('2031-03-30T01:00:05Z') })).toBe(false);
    // Before tonight's purge time, last night's purge counts.
    expect(isPurgeDue(at('2031-03-30T00:30:00Z'), { ...schedule, lastScheduledAt: at('2031-03-29T02:00:05Z') })).toBe(
      false,
    );
  });
});

/** HH:MM (UTC) twelve hours from now: a purge time that cannot fall due while a test runs. */
function twelveHoursAway(): string {
  return new Date(Date.now() + 12 * 3600 * 1000).toISOString().slice(11, 16);
}

async function scheduledPurges(organisationId: string): Promise<number> {
  const [row] = await h.handle.sql<{ n: number }[]>`
    select count(*)::int as n from retention_purge where organisation_id = ${organisationId} and trigger = 'schedule'`;
  return row?.n ?? 0;
}

describe('the nightly purge job', () => {
  it('is a pg-boss cron job whose handler purges with its clock', async () => {
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
      await nightly.schedule();
      const [cron] = await h.handle.sql<{ cron: string; timezone: string }[]>`
        select cron, timezone from ${h.handle.sql(JOB_SCHEMA)}.schedule where name = 'retention-purge'`;
      expect(cron).toEqual({ cron: PURGE_CRON, timezone: 'UTC' });
      // Other suites' job workers would run it every five minutes: this test sends its one run itself.
      await owner.sql`delete from ${owner.sql(JOB_SCHEMA)}.schedule where name = 'retention-purge'`;
      await jobs.schedule(
        'retention-purge',
        {},
        { startAfter: new Date(), singletonKey: `retention-purge-test-${scene.organisation.id}` },
      );
      const deadline = Date.now() + 8_000;
      while (!told.some((t) => t.startsWith('retention purge')) && Date.now() < deadline) await sleep(100);
      expect(told).toEqual(['retention purge: 1 visit(s) destroyed, 0 kept under a hold']);
      expect((await rowsOfVisit(h, expired.visitId)).visit).toBe(0);
    } finally {
      await jobs.stop();
    }
  });

  it('purges an organisation once per night, at its own purge time in its first site’s time zone', async () => {
    const other = await escortScene(h);
    const org = other.organisation.id;
    await h.handle.sql`update site set timezone = 'UTC' where organisation_id = ${org}`;
    const purgeTime = twelveHoursAway();
    await h.handle.sql`update organisation set retention_purge_time = ${purgeTime} where id = ${org}`;
    const told: string[] = [];
    const check = (now: Date) =>
      nightlyPurgeHandler({ ownerDb: owner.db, now: () => now, organisationId: org, onPurged: (s) => told.push(s) })();

    // Never purged: last night's purge time has passed, so the first check runs it (a fresh install catches up).
    await check(new Date());
    expect(await scheduledPurges(org)).toBe(1);
    // Checks every five minutes until the purge time comes again change nothing.
    await check(new Date(Date.now() + 5 * 60_000));
    await check(new Date(Date.now() + 11 * 3600 * 1000));
    expect(await scheduledPurges(org)).toBe(1);
    // A purge that failed is tried again at the next check.
    await h.handle.sql`update retention_purge set status = 'failed' where organisation_id = ${org}`;
    await check(new Date(Date.now() + 10 * 60_000));
    expect(await scheduledPurges(org)).toBe(2);
    await check(new Date(Date.now() + 15 * 60_000));
    expect(await scheduledPurges(org)).toBe(2);
    // Once tonight's purge time has passed, the next check runs it.
    await check(new Date(Date.now() + 12 * 3600 * 1000 + 60_000));
    expect(await scheduledPurges(org)).toBe(3);
    expect(told).toHaveLength(3);
  });
});
