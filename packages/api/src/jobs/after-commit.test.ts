import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDb, type LiveEvent, type LiveListener } from '@threshold/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { afterCommitHandlers } from '../domain/escort/timers.ts';
import { listenForLiveEvents } from '../live/listener.ts';
import { createHarness } from '../test-support/harness.ts';
import { type AfterCommitHandlers, afterCommit, drainAfterCommit, startAfterCommitWorker } from './after-commit.ts';
import { jobCatalogue } from './catalogue.ts';
import { createJobs, type Jobs } from './jobs.ts';
import { JOB_SCHEMA } from './prepare.ts';
import { prepareTestJobSchema } from './testing.ts';

const h = createHarness();
const listenHandle = createDb(inject('databaseUrl'), { max: 1 });
let live: LiveListener;
let jobs: Jobs<typeof jobCatalogue>;
const failures: string[] = [];

beforeAll(async () => {
  await prepareTestJobSchema();
  live = await listenForLiveEvents(listenHandle.sql);
  // Started but working no queue: the checks it schedules stay waiting, to be looked at.
  jobs = createJobs({ appUrl: inject('databaseUrl'), catalogue: jobCatalogue, onError: (w) => failures.push(w) });
  await jobs.start();
});

afterAll(async () => {
  await jobs.stop();
  await live.close();
  await listenHandle.close();
  await h.close();
  expect(failures).toEqual([]);
});

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

describe('afterCommit and its drain', () => {
  it('hands a committed live event to LISTEN and a new visit’s checks to pg-boss, then forgets them', async () => {
    const { base, event } = scene();
    const sent = event();
    const visitId = sent.visitId ?? '';
    const signedInAt = new Date(Date.now() - 5000);
    const got: unknown[] = [];
    const unsubscribe = live.subscribe({ siteId: base.siteId }, (m) => got.push(m));
    await h.db.transaction((tx) =>
      afterCommit(tx, [
        { kind: 'live_event', payload: sent },
        {
          kind: 'visit_checks',
          payload: { visitId, signedInAt, escortConfirmSeconds: 300, expectedVisitMinutes: 90 },
        },
      ]),
    );
    await drainAfterCommit(h.db, { handlers: afterCommitHandlers(jobs), limit: 1000, onError: noErrors });
    // Another test file's drain may have claimed the event first (SKIP LOCKED) and sends it when that drain commits,
    // which on a loaded machine took more than 5 s: the bound is for an event that never comes, not for speed.
    await vi.waitFor(() => expect(got).toEqual([sent]), { timeout: 20_000 });
    unsubscribe();
    const scheduled = await h.handle.sql<{ name: string; at: number }[]>`
      select name, (extract(epoch from start_after) * 1000)::float8 as at from ${h.handle.sql(JOB_SCHEMA)}.job
      where singleton_key in (${`escort-check:${visitId}`}, ${`overrun-check:${visitId}`}) order by name`;
    expect(scheduled.map((j) => [j.name, Math.round(j.at - signedInAt.getTime())])).toEqual([
      ['escort-check', 300_000],
      ['overrun-check', 90 * 60_000],
    ]);
    expect(await remaining([visitId])).toEqual([]);
  });

  it('sends nothing for a transaction that rolled back', async () => {
    const { event } = scene();
    const lost = event();
    await expect(
      h.db.transaction(async (tx) => {
        await afterCommit(tx, [{ kind: 'live_event', payload: lost }]);
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    expect(await remaining([lost.visitId ?? ''])).toEqual([]);
  });

  it('keeps a row whose hand-on failed for a later try, and hands on the others', async () => {
    const [bad, good] = [randomUUID(), randomUUID()];
    await h.db.transaction((tx) =>
      afterCommit(tx, [
        { kind: 'host_match', payload: { visitId: bad } },
        { kind: 'host_match', payload: { visitId: good } },
      ]),
    );
    const handed: string[] = [];
    const errors: string[] = [];
    const flaky: AfterCommitHandlers = {
      host_match: async (tasks) => {
        if (tasks.some((t) => t.visitId === bad)) throw new Error('escort lookup failed');
        handed.push(...tasks.map((t) => t.visitId).filter((id) => id === good));
      },
    };
    await drainAfterCommit(h.db, { handlers: flaky, limit: 1000, onError: (w) => errors.push(w) });
    expect(handed).toEqual([good]);
    expect(errors).toContain('after-commit host_match');
    expect(await remaining([bad, good])).toEqual([{ kind: 'host_match', attempts: 1 }]);
  });

  it('leaves rows of a kind it has no handler for, for a worker that has one', async () => {
    const visitId = randomUUID();
    await h.db.transaction((tx) =>
      afterCommit(tx, [
        {
          kind: 'visit_checks',
          payload: { visitId, signedInAt: new Date(), escortConfirmSeconds: 60, expectedVisitMinutes: 60 },
        },
      ]),
    );
    await drainAfterCommit(h.db, { handlers: { live_event: async () => {} }, limit: 1000, onError: noErrors });
    expect(await remaining([visitId])).toEqual([{ kind: 'visit_checks', attempts: 0 }]);
    await drainAfterCommit(h.db, { handlers: afterCommitHandlers(jobs), limit: 1000, onError: noErrors });
    expect(await remaining([visitId])).toEqual([]);
  });

  it('hands each row on once when two processes drain at the same time', async () => {
    const { event } = scene();
    const events = Array.from({ length: 40 }, event);
    await h.db.transaction((tx) =>
      afterCommit(
        tx,
        events.map((payload) => ({ kind: 'live_event' as const, payload })),
      ),
    );
    const mine = new Set(events.map((e) => e.visitId));
    const handed: string[] = [];
    const counting: AfterCommitHandlers = {
      live_event: async (batch) => {
        for (const e of batch) if (e.visitId && mine.has(e.visitId)) handed.push(e.visitId);
        await sleep(2);
      },
    };
    const other = createDb(inject('databaseUrl'), { max: 2 });
    try {
      const drain = (db: typeof h.db) =>
        drainAfterCommit(db, { handlers: counting, limit: 10, onError: noErrors }).then(
          async function more(n): Promise<void> {
            if (n > 0) await drainAfterCommit(db, { handlers: counting, limit: 10, onError: noErrors }).then(more);
          },
        );
      await Promise.all([drain(h.db), drain(other.db)]);
    } finally {
      await other.close();
    }
    expect(handed.toSorted()).toEqual([...mine].toSorted());
  });
});

describe('the drain’s batches', () => {
  const checks = (visitId: string, signedInAt: Date) => ({
    kind: 'visit_checks' as const,
    payload: { visitId, signedInAt, escortConfirmSeconds: 300, expectedVisitMinutes: 90 },
  });

  it('notifies a drain’s live events in order and schedules every visit’s checks in one pg-boss insert', async () => {
    const { base, event } = scene();
    const events = Array.from({ length: 3 }, event);
    const visitIds = events.map((e) => e.visitId ?? '');
    const signedInAt = new Date(Date.now() - 5000);
    const got: unknown[] = [];
    const unsubscribe = live.subscribe({ siteId: base.siteId }, (m) => got.push(m));
    for (const [i, sent] of events.entries()) {
      await h.db.transaction((tx) =>
        afterCommit(tx, [{ kind: 'live_event', payload: sent }, checks(visitIds[i] ?? '', signedInAt)]),
      );
    }
    await drainAfterCommit(h.db, { handlers: afterCommitHandlers(jobs), limit: 1000, onError: noErrors });
    await vi.waitFor(() => expect(got).toEqual(events), { timeout: 5000 });
    unsubscribe();
    const keys = visitIds.flatMap((id) => [`escort-check:${id}`, `overrun-check:${id}`]);
    const scheduled = await h.handle.sql<{ name: string; key: string; at: number; created: string }[]>`
      select name, singleton_key as key, (extract(epoch from start_after) * 1000)::float8 as at,
             created_on::text as created
        from ${h.handle.sql(JOB_SCHEMA)}.job where singleton_key = any(${keys}) order by singleton_key`;
    expect(scheduled.map((j) => [j.key, Math.round(j.at - signedInAt.getTime())]).toSorted()).toEqual(
      visitIds
        .flatMap((id) => [
          [`escort-check:${id}`, 300_000],
          [`overrun-check:${id}`, 90 * 60_000],
        ])
        .toSorted(),
    );
    // One statement, one transaction: every job carries the same creation time.
    expect(new Set(scheduled.map((j) => j.created)).size).toBe(1);
    expect(await remaining(visitIds)).toEqual([]);

    // A visit's checks handed on again (a drain that failed after pg-boss's insert) are not scheduled twice.
    const [again] = visitIds;
    await h.db.transaction((tx) => afterCommit(tx, [checks(again ?? '', signedInAt)]));
    await drainAfterCommit(h.db, { handlers: afterCommitHandlers(jobs), limit: 1000, onError: noErrors });
    const [count] = await h.handle.sql<{ n: number }[]>`
      select count(*)::int as n from ${h.handle.sql(JOB_SCHEMA)}.job where singleton_key = any(${keys})`;
    expect(count?.n).toBe(6);
  });

  it('schedules the checks inside the drain’s transaction: rolled back with it, nothing is scheduled', async () => {
    const visitId = randomUUID();
    const handlers = afterCommitHandlers(jobs);
    await expect(
      h.db.transaction(async (tx) => {
        await handlers.visit_checks?.([checks(visitId, new Date()).payload], tx);
        throw new Error('drain failed');
      }),
    ).rejects.toThrow('drain failed');
    const [count] = await h.handle.sql<{ n: number }[]>`
      select count(*)::int as n from ${h.handle.sql(JOB_SCHEMA)}.job
       where singleton_key in (${`escort-check:${visitId}`}, ${`overrun-check:${visitId}`})`;
    expect(count?.n).toBe(0);
  });

  it('a row its batch cannot take waits for a later try; the rest of the batch and the other kinds go on', async () => {
    const { event } = scene();
    const [first, second] = [event(), event()];
    const visitId = randomUUID();
    await h.db.transaction((tx) =>
      afterCommit(tx, [
        { kind: 'live_event', payload: first },
        { kind: 'live_event', payload: second },
        { kind: 'host_match', payload: { visitId } },
      ]),
    );
    const matched: string[] = [];
    const sent: string[] = [];
    const errors: string[] = [];
    const failing: AfterCommitHandlers = {
      host_match: async (tasks) => {
        matched.push(...tasks.map((t) => t.visitId).filter((id) => id === visitId));
      },
      // A statement that fails aborts what it ran in: the drain must still commit the rest.
      live_event: async (events, tx) => {
        if (events.some((e) => e.visitId === first.visitId)) await tx.execute(sql`select 1 / 0`);
        sent.push(...events.map((e) => e.visitId ?? ''));
      },
    };
    await drainAfterCommit(h.db, { handlers: failing, limit: 1000, onError: (w) => errors.push(w) });
    expect(matched).toEqual([visitId]);
    expect(sent).toContain(second.visitId);
    expect(sent).not.toContain(first.visitId);
    expect(errors).toContain('after-commit live_event');
    expect(await remaining([first.visitId ?? '', second.visitId ?? '', visitId])).toEqual([
      { kind: 'live_event', attempts: 1 },
    ]);
  });

  it('a row handed on alone whose statement fails waits for a later try; the batches go on', async () => {
    const { base, event } = scene();
    const sent = event();
    const visitId = randomUUID();
    await h.db.transaction((tx) =>
      afterCommit(tx, [
        {
          kind: 'sign_out_notice',
          payload: { ...base, visitId, staffId: randomUUID(), signedOutAt: Date.now() },
        },
        { kind: 'live_event', payload: sent },
      ]),
    );
    const got: string[] = [];
    const errors: string[] = [];
    const failing: AfterCommitHandlers = {
      sign_out_notice: async (task, tx) => {
        if (task.visitId === visitId) await tx.execute(sql`select 1 / 0`);
      },
      live_event: async (events) => {
        got.push(...events.map((e) => e.visitId ?? ''));
      },
    };
    await drainAfterCommit(h.db, { handlers: failing, limit: 1000, onError: (w) => errors.push(w) });
    expect(got).toContain(sent.visitId);
    expect(errors).toEqual(['after-commit sign_out_notice']);
    expect(await remaining([visitId, sent.visitId ?? ''])).toEqual([{ kind: 'sign_out_notice', attempts: 1 }]);
  });
});

describe('startAfterCommitWorker', () => {
  it('drains at once when kicked, not only at its interval, and stops cleanly', async () => {
    const { base, event } = scene();
    const got: unknown[] = [];
    const unsubscribe = live.subscribe({ siteId: base.siteId }, (m) => got.push(m));
    const worker = startAfterCommitWorker({
      db: h.db,
      handlers: afterCommitHandlers(jobs),
      onError: noErrors,
      intervalMs: 60_000,
    });
    try {
      // Its first pass runs at start; wait for that, so what follows depends on the kick.
      await sleep(300);
      const sent = event();
      await h.db.transaction((tx) => afterCommit(tx, [{ kind: 'live_event', payload: sent }]));
      worker.kick();
      await vi.waitFor(() => expect(got).toEqual([sent]), { timeout: 3000 });
    } finally {
      unsubscribe();
      await worker.stop();
    }
  });
});
