import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDb, type LiveListener } from '@threshold/db';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { afterCommitHandlers, hostMatchHandler } from '../domain/escort/timers.ts';
import { afterCommitRig } from '../test-support/after-commit-rig.ts';
import { EVERY_DUE_ROW } from '../test-support/drain.ts';
import { createHarness } from '../test-support/harness.ts';
import {
  type AfterCommitHandlers,
  afterCommit,
  drainAfterCommit,
  notifyHandler,
  startAfterCommitWorker,
} from './after-commit.ts';
import type { jobCatalogue } from './catalogue.ts';
import type { Jobs } from './jobs.ts';
import { JOB_SCHEMA } from './prepare.ts';

// How a drain batches its rows, and what a failing batch leaves, are in after-commit-batches.test.ts.
const h = createHarness();
const { start, stop, scene, remaining, noErrors } = afterCommitRig(h);
let live: LiveListener;
let jobs: Jobs<typeof jobCatalogue>;

beforeAll(async () => {
  ({ live, jobs } = await start());
});
afterAll(stop);

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
    await drainAfterCommit(h.db, { handlers: afterCommitHandlers(jobs), limit: EVERY_DUE_ROW, onError: noErrors });
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
      host_match: async (tasks, tx) => {
        if (tasks.some((t) => t.visitId === bad)) throw new Error('escort lookup failed');
        handed.push(...tasks.map((t) => t.visitId).filter((id) => id === good));
        // Other test files' matches this drain claimed go on as the server's would.
        await hostMatchHandler.host_match(
          tasks.filter((t) => t.visitId !== good),
          tx,
        );
      },
    };
    await drainAfterCommit(h.db, { handlers: flaky, limit: EVERY_DUE_ROW, onError: (w) => errors.push(w) });
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
    await drainAfterCommit(h.db, { handlers: notifyHandler, limit: EVERY_DUE_ROW, onError: noErrors });
    expect(await remaining([visitId])).toEqual([{ kind: 'visit_checks', attempts: 0 }]);
    await drainAfterCommit(h.db, { handlers: afterCommitHandlers(jobs), limit: EVERY_DUE_ROW, onError: noErrors });
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
      live_event: async (batch, tx) => {
        for (const e of batch) if (e.visitId && mine.has(e.visitId)) handed.push(e.visitId);
        await sleep(2);
        // Other test files' events these drains claimed go out as the server's would.
        await notifyHandler.live_event(batch, tx);
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
