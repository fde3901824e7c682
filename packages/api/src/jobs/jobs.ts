import { setTimeout as sleep } from 'node:timers/promises';
import { type DbOrTx, executeSqlOn, type Loop, startLoop } from '@threshold/db';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import type { JobCatalogue } from './catalogue.ts';
import { CRON_QUEUE } from './prepare.ts';

export type JobName<C extends JobCatalogue> = keyof C & string;

/**
 * Handles one job. It must be idempotent: a job runs at least once, and again if its process dies mid-way
 * or its completion is lost (pg-boss retries it once it expires). Check the visit's current state before
 * acting and make writes conditional, so a second run changes nothing.
 */
export type JobHandler<T> = (data: T) => Promise<void>;

export interface ScheduleOptions {
  startAfter: Date;
  /** Names the check, e.g. the visit id: while a job with this key waits, scheduling it again does nothing. */
  singletonKey: string;
}

export interface Jobs<C extends JobCatalogue> {
  /** Registers the handler for a job name; its queue is worked while the instance runs. */
  work<N extends JobName<C>>(name: N, handler: JobHandler<z.output<C[N]>>): void;
  /** Connects and starts working every registered queue. Fails if prepareJobSchema has not run. */
  start(): Promise<void>;
  /** True if a job was created, false if one with the same key was already waiting (it keeps its time). */
  schedule<N extends JobName<C>>(name: N, data: z.input<C[N]>, options: ScheduleOptions): Promise<boolean>;
  /**
   * Schedules several jobs in one statement, each as schedule() would: a job whose key is already waiting is not
   * created again. With `tx`, inside that transaction: the jobs commit (or roll back) with it, no commit of their own.
   */
  scheduleAll(jobs: ScheduledJob<C>[], options?: { tx?: DbOrTx }): Promise<void>;
  /**
   * Runs a job on a cron schedule (UTC), stored in PostgreSQL: however many processes run, pg-boss sends each due
   * run once. Saving it again replaces the schedule.
   */
  every<N extends JobName<C>>(name: N, cron: string, data: z.input<C[N]>): Promise<void>;
  /** Stops fetching, lets running handlers finish (up to the stop timeout), then disconnects. */
  stop(): Promise<void>;
}

/** One job for scheduleAll(). */
export type ScheduledJob<C extends JobCatalogue> = {
  [N in JobName<C>]: { name: N; data: z.input<C[N]>; options: ScheduleOptions };
}[JobName<C>];

export interface JobsOptions<C extends JobCatalogue> {
  /** The application role: it needs no rights beyond those prepareJobSchema grants. */
  appUrl: string;
  catalogue: C;
  /**
   * Failed handlers (their error as thrown) and queue errors (PostgreSQL ones reduced to their SQLSTATE).
   * Never given a payload.
   */
  onError: (where: string, err: unknown) => void;
  /** How often an idle queue is asked for due jobs (pg-boss's floor is 0.5 s). */
  pollingIntervalSeconds?: number;
  /** How long stop() waits for running handlers before disconnecting anyway (default 10 s). */
  stopTimeoutMs?: number;
  /** How often due cron runs are looked for (pg-boss's default 30 s); one process looks per interval. */
  cronMonitorIntervalSeconds?: number;
}

/**
 * Durable timers over pg-boss: jobs live in PostgreSQL, so they survive restarts, and each is fetched with
 * FOR UPDATE SKIP LOCKED, so one process runs it however many are working the queue.
 *
 * We poll with fetch/complete/fail rather than pg-boss's work(), which neither awaits nor catches its
 * complete() and fail() calls (a database outage mid-job would be an unhandled rejection: a crashed server),
 * and whose stop() can close the pool under a job fetched a moment before, losing its completion.
 */
export function createJobs<C extends JobCatalogue>(options: JobsOptions<C>): Jobs<C> {
  const { catalogue, onError } = options;
  const intervalMs = (options.pollingIntervalSeconds ?? 2) * 1000;
  const boss = new PgBoss({
    connectionString: options.appUrl,
    max: 4,
    application_name: 'threshold-jobs',
    // The owner created the schema (prepareJobSchema); this role could not.
    migrate: false,
    // The timekeeper's own queue (CRON_QUEUE) was created by the owner; its attempt here changes nothing.
    schedule: true,
    ...(options.cronMonitorIntervalSeconds ? { cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds } : {}),
  });
  boss.on('error', (err) => onError('jobs', withoutValues(err)));
  const handlers = new Map<string, (data: unknown) => Promise<void>>();
  const loops: Loop[] = [];
  let state: 'new' | 'running' | 'stopped' = 'new';

  // The types already forbid unknown names; this catches a catalogue typed as a plain record.
  function schemaOf<N extends JobName<C>>(name: N): C[N] {
    const schema: C[N] | undefined = catalogue[name];
    if (!schema) throw new Error(`jobs: "${name}" is not in the catalogue`);
    return schema;
  }

  async function runNext(name: string, handle: (data: unknown) => Promise<void>): Promise<boolean> {
    const [job] = await boss.fetch<unknown>(name);
    if (!job) return false;
    try {
      await handle(job.data);
    } catch (err) {
      onError(`job ${name}`, err);
      // pg-boss keeps this output with the job; an error message may quote personal data, so keep none.
      await boss.fail(name, job.id, { message: 'handler failed' });
      return true;
    }
    await boss.complete(name, job.id);
    return true;
  }

  // A failed complete() or fail() leaves the job active; pg-boss retries it once it expires.
  const poll = (name: string, handle: (data: unknown) => Promise<void>): Loop =>
    startLoop({
      name: `jobs ${name}`,
      intervalMs,
      log: (where, err) => onError(where, withoutValues(err)),
      run: () => runNext(name, handle),
    });

  return {
    work<N extends JobName<C>>(name: N, handler: JobHandler<z.output<C[N]>>) {
      if (handlers.has(name)) throw new Error(`jobs: "${name}" already has a handler`);
      const schema = schemaOf(name);
      const handle = (data: unknown) => handler(z.parse(schema, data));
      handlers.set(name, handle);
      if (state === 'running') loops.push(poll(name, handle));
    },

    async start() {
      if (state !== 'new') throw new Error('jobs: an instance starts once');
      await boss.start();
      const known = new Set((await boss.getQueues()).map((q) => q.name));
      const missing = Object.keys(catalogue).filter((name) => !known.has(name));
      if (missing.length > 0) {
        await boss.stop({ graceful: false });
        throw new Error(`jobs: queues missing (${missing.join(', ')}); prepareJobSchema creates them`);
      }
      state = 'running';
      // The timekeeper works its queue with work() (see above): we take that queue over and poll it like ours.
      await boss.offWork(CRON_QUEUE);
      loops.push(poll(CRON_QUEUE, (data) => boss.insert([data as PgBoss.JobInsert])));
      for (const [name, handle] of handlers) loops.push(poll(name, handle));
    },

    async schedule<N extends JobName<C>>(name: N, data: z.input<C[N]>, { startAfter, singletonKey }: ScheduleOptions) {
      // pg-boss connects in start(); before it, send() would fail obscurely.
      if (state !== 'running') throw new Error('jobs: schedule() needs a started instance');
      return (await boss.send(name, z.parse(schemaOf(name), data), { startAfter, singletonKey })) !== null;
    },

    async scheduleAll(jobs: ScheduledJob<C>[], { tx }: { tx?: DbOrTx } = {}) {
      if (state !== 'running') throw new Error('jobs: scheduleAll() needs a started instance');
      if (jobs.length === 0) return;
      // The queues' policy ('short') keeps one waiting job per key; insert() skips a duplicate as send() does.
      await boss.insert(
        jobs.map(({ name, data, options }) => ({
          name,
          data: z.parse(schemaOf(name), data),
          startAfter: options.startAfter,
          singletonKey: options.singletonKey,
        })),
        tx ? { db: { executeSql: executeSqlOn(tx) } } : {},
      );
    },

    async every<N extends JobName<C>>(name: N, cron: string, data: z.input<C[N]>) {
      if (state !== 'running') throw new Error('jobs: every() needs a started instance');
      await boss.schedule(name, cron, z.parse(schemaOf(name), data), { tz: 'UTC' });
    },

    async stop() {
      if (state !== 'running') return;
      state = 'stopped';
      const finished = await Promise.race([
        Promise.all(loops.map((loop) => loop.stop())).then(() => true),
        sleep(options.stopTimeoutMs ?? 10_000, false, { ref: false }),
      ]);
      if (!finished) {
        onError('jobs', new Error('a job handler was still running at shutdown; its job runs again once it expires'));
      }
      await boss.stop({ graceful: true, wait: true });
    },
  };
}

/**
 * node-postgres errors can quote row values in their message or detail: pass on only the SQLSTATE, named as
 * postgres.js names its errors, so the server's log treats both drivers' errors alike.
 */
function withoutValues(err: unknown): unknown {
  if (err instanceof Error && 'severity' in err && 'code' in err && typeof err.code === 'string') {
    return Object.assign(new Error(`postgres ${err.code}`), { name: 'PostgresError', code: err.code });
  }
  return err;
}
