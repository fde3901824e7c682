import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDb } from '@threshold/db';
import PgBoss from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { z } from 'zod';
import { jobCatalogue } from './catalogue.ts';
import { createJobs, type Jobs, type JobsOptions } from './jobs.ts';
import { JOB_SCHEMA } from './prepare.ts';
import { prepareTestJobSchema } from './testing.ts';

// Queues of their own, so a suite working the real queues in parallel never takes these jobs.
const visit = z.object({ visitId: z.uuid() });
const catalogue = {
  'test-timer': visit,
  'test-restart': visit,
  'test-shared': visit,
  'test-slow': visit,
  'test-stuck': visit,
  'test-failing': visit,
  'test-cron': z.object({}),
};
type TestJobs = Jobs<typeof catalogue>;

const app = createDb(inject('databaseUrl'), { max: 2 });
const running: TestJobs[] = [];
const unexpected: string[] = [];

async function startJobs(
  register: (jobs: TestJobs) => void = () => {},
  options: Partial<JobsOptions<typeof catalogue>> = {},
): Promise<TestJobs> {
  const jobs = createJobs({
    appUrl: inject('databaseUrl'),
    catalogue,
    onError: (where, err) => unexpected.push(`${where}: ${String(err)}`),
    pollingIntervalSeconds: 0.5,
    ...options,
  });
  register(jobs);
  await jobs.start();
  running.push(jobs);
  return jobs;
}

async function waitFor(condition: () => boolean, ms = 8_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(50);
  }
}

/** The pg-boss rows for one check, as the application role sees them. */
async function statesOf(queue: string, key: string): Promise<string[]> {
  const rows = await app.sql<{ state: string }[]>`
    select state from ${app.sql(JOB_SCHEMA)}.job where name = ${queue} and singleton_key = ${key}`;
  return rows.map((r) => r.state);
}

const soon = (ms: number) => new Date(Date.now() + ms);

beforeAll(async () => {
  await prepareTestJobSchema();
  await prepareTestJobSchema(catalogue);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((jobs) => jobs.stop()));
  expect(unexpected.splice(0)).toEqual([]);
});

afterAll(() => app.close());

describe('jobs', () => {
  it('runs a job once, after its start time', async () => {
    const runs: { visitId: string; at: number }[] = [];
    const jobs = await startJobs((j) =>
      j.work('test-timer', async ({ visitId }) => {
        runs.push({ visitId, at: Date.now() });
      }),
    );
    const visitId = randomUUID();
    const startAfter = soon(1_500);
    expect(await jobs.schedule('test-timer', { visitId }, { startAfter, singletonKey: visitId })).toBe(true);
    await waitFor(() => runs.length > 0);
    await sleep(1_000); // two more polls, so a second run would show
    expect(runs).toEqual([{ visitId, at: expect.any(Number) }]);
    expect(runs[0]?.at).toBeGreaterThanOrEqual(startAfter.getTime());
    expect(await statesOf('test-timer', visitId)).toEqual(['completed']);
  });

  it('creates one job when the same check is scheduled twice', async () => {
    const runs: string[] = [];
    const jobs = await startJobs((j) =>
      j.work('test-timer', async ({ visitId }) => {
        runs.push(visitId);
      }),
    );
    const visitId = randomUUID();
    const first = await jobs.schedule('test-timer', { visitId }, { startAfter: soon(1_000), singletonKey: visitId });
    const again = await jobs.schedule('test-timer', { visitId }, { startAfter: soon(1_200), singletonKey: visitId });
    expect([first, again]).toEqual([true, false]);
    await waitFor(() => runs.length > 0);
    await sleep(1_000);
    expect(runs).toEqual([visitId]);
    expect(await statesOf('test-timer', visitId)).toEqual(['completed']);
  });

  it('refuses a payload that does not match the catalogue', async () => {
    const jobs = await startJobs();
    await expect(
      jobs.schedule('test-timer', { visitId: 'not-a-uuid' }, { startAfter: soon(1_000), singletonKey: 'x' }),
    ).rejects.toThrow(z.ZodError);
  });

  it('runs a job scheduled before a restart, in the next instance', async () => {
    const visitId = randomUUID();
    const before = await startJobs();
    await before.schedule('test-restart', { visitId }, { startAfter: soon(1_000), singletonKey: visitId });
    await before.stop();
    await sleep(1_200); // it falls due while no instance is running
    const runs: string[] = [];
    await startJobs((j) =>
      j.work('test-restart', async (data) => {
        runs.push(data.visitId);
      }),
    );
    await waitFor(() => runs.length > 0);
    await sleep(1_000);
    expect(runs).toEqual([visitId]);
  });

  it('runs each job exactly once when two instances work the same queue', async () => {
    const runs = new Map<string, string[]>();
    const worker = (label: string) => (j: TestJobs) =>
      j.work('test-shared', async ({ visitId }) => {
        await sleep(20);
        runs.set(visitId, [...(runs.get(visitId) ?? []), label]);
      });
    const a = await startJobs(worker('a'));
    await startJobs(worker('b'));
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const startAfter = soon(1_000);
    for (const visitId of ids) await a.schedule('test-shared', { visitId }, { startAfter, singletonKey: visitId });
    await waitFor(() => runs.size === ids.length);
    await sleep(1_000);
    for (const visitId of ids) expect(runs.get(visitId)).toHaveLength(1);
  });

  it('lets a running handler finish when stopped', async () => {
    let began = false;
    let finished = false;
    const jobs = await startJobs((j) =>
      j.work('test-slow', async () => {
        began = true;
        await sleep(600);
        finished = true;
      }),
    );
    const visitId = randomUUID();
    await jobs.schedule('test-slow', { visitId }, { startAfter: new Date(), singletonKey: visitId });
    await waitFor(() => began);
    await jobs.stop();
    expect(finished).toBe(true);
    expect(await statesOf('test-slow', visitId)).toEqual(['completed']);
  });

  it('stops after its timeout when a handler hangs, leaving the job to be retried', async () => {
    const reported: string[] = [];
    let began = false;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const jobs = await startJobs(
      (j) =>
        j.work('test-stuck', async () => {
          began = true;
          await held;
        }),
      { stopTimeoutMs: 300, onError: (where, err) => reported.push(`${where}: ${String(err)}`) },
    );
    const visitId = randomUUID();
    await jobs.schedule('test-stuck', { visitId }, { startAfter: new Date(), singletonKey: visitId });
    await waitFor(() => began);
    const stopping = Date.now();
    await jobs.stop();
    expect(Date.now() - stopping).toBeLessThan(2_000);
    expect(reported).toEqual([expect.stringContaining('still running at shutdown')]);
    release();
    await sleep(100);
    // Its completion had no connection left: the job stays active until it expires, then pg-boss retries it.
    expect(await statesOf('test-stuck', visitId)).toEqual(['active']);
  });

  it('reports a failing handler and stores nothing of its error with the job', async () => {
    const reported: [string, unknown][] = [];
    const jobs = await startJobs(
      (j) =>
        j.work('test-failing', async () => {
          throw new Error('could not reach Alice Example');
        }),
      { onError: (where, err) => reported.push([where, err]) },
    );
    const visitId = randomUUID();
    await jobs.schedule('test-failing', { visitId }, { startAfter: new Date(), singletonKey: visitId });
    await waitFor(() => reported.length > 0);
    expect(reported).toEqual([
      ['job test-failing', expect.objectContaining({ message: 'could not reach Alice Example' })],
    ]);
    // The handler reports before pg-boss records the failure (its own statement, after the handler returns).
    const stored = () => app.sql`
      select state, output from ${app.sql(JOB_SCHEMA)}.job where name = 'test-failing' and singleton_key = ${visitId}`;
    await vi.waitFor(
      async () => expect(await stored()).toEqual([{ state: 'retry', output: { message: 'handler failed' } }]),
      {
        timeout: 8_000,
      },
    );
  });

  it('runs a cron schedule through pg-boss, once however many instances run', async () => {
    const runs: string[] = [];
    const worker = (label: string) => (j: TestJobs) =>
      j.work('test-cron', async () => {
        runs.push(label);
      });
    const options = { cronMonitorIntervalSeconds: 1 };
    const a = await startJobs(worker('a'), options);
    await startJobs(worker('b'), options);
    try {
      // Every minute: pg-boss sends a run when the last minute mark is under 60 s old, which it always is.
      await a.every('test-cron', '* * * * *', {});
      await waitFor(() => runs.length > 0);
      await sleep(1_000); // another cron check by each instance, so a second run would show
      expect(runs).toHaveLength(1);
    } finally {
      await app.sql`delete from ${app.sql(JOB_SCHEMA)}.schedule where name = 'test-cron'`;
    }
  });

  it('refuses to start when a queue was never prepared', async () => {
    const jobs = createJobs({
      appUrl: inject('databaseUrl'),
      catalogue: { 'never-prepared': visit },
      onError: (where, err) => unexpected.push(`${where}: ${String(err)}`),
    });
    await expect(jobs.start()).rejects.toThrow(/never-prepared.*prepareJobSchema/);
  });

  it('works as the application role, which cannot create or alter anything in the queue schema', async () => {
    const [schema] = await app.sql<{ owner: string; me: string; canCreate: boolean }[]>`
      select pg_get_userbyid(nspowner) as owner, current_user as me,
             has_schema_privilege(nspname, 'CREATE') as "canCreate"
      from pg_namespace where nspname = ${JOB_SCHEMA}`;
    expect(schema?.owner).not.toBe(schema?.me);
    expect(schema?.canCreate).toBe(false);
    await expect(app.sql`alter table ${app.sql(JOB_SCHEMA)}.job add column x int`).rejects.toMatchObject({
      code: '42501',
    });
    // Every server also runs pg-boss's maintenance (expire, archive, drop) as this role.
    const boss = new PgBoss({
      connectionString: inject('databaseUrl'),
      max: 1,
      migrate: false,
      supervise: false,
      schedule: false,
    });
    await boss.start();
    try {
      await boss.maintain();
      const queues = (await boss.getQueues()).map((q) => q.name);
      expect(queues).toEqual(expect.arrayContaining(Object.keys(jobCatalogue)));
    } finally {
      await boss.stop({ graceful: false });
    }
  });
});
