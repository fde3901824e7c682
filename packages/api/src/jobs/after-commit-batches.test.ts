import { randomUUID } from 'node:crypto';
import type { LiveListener } from '@threshold/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { afterCommitHandlers } from '../domain/escort/timers.ts';
import { afterCommitRig } from '../test-support/after-commit-rig.ts';
import { EVERY_DUE_ROW } from '../test-support/drain.ts';
import { createHarness } from '../test-support/harness.ts';
import { type AfterCommitHandlers, afterCommit, drainAfterCommit } from './after-commit.ts';
import type { jobCatalogue } from './catalogue.ts';
import type { Jobs } from './jobs.ts';
import { JOB_SCHEMA } from './prepare.ts';

// afterCommit itself, a drain's rows one by one, two drains at once and the worker are in after-commit.test.ts.
const h = createHarness();
const { start, stop, scene, remaining, noErrors } = afterCommitRig(h);
let live: LiveListener;
let jobs: Jobs<typeof jobCatalogue>;

beforeAll(async () => {
  ({ live, jobs } = await start());
});
afterAll(stop);

// A drain claims every due row of its kinds, other test files' too (after-commit.test.ts waits on LISTEN for its
// event): the failing drains here hand every row but their own on to the real handlers, as a server's drain would.
const real = () => afterCommitHandlers(jobs);

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
    await drainAfterCommit(h.db, { handlers: afterCommitHandlers(jobs), limit: EVERY_DUE_ROW, onError: noErrors });
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
    await drainAfterCommit(h.db, { handlers: afterCommitHandlers(jobs), limit: EVERY_DUE_ROW, onError: noErrors });
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
      host_match: async (tasks, tx) => {
        matched.push(...tasks.map((t) => t.visitId).filter((id) => id === visitId));
        await real().host_match?.(
          tasks.filter((t) => t.visitId !== visitId),
          tx,
        );
      },
      // A statement that fails aborts what it ran in: the drain must still commit the rest.
      live_event: async (events, tx) => {
        if (events.some((e) => e.visitId === first.visitId)) await tx.execute(sql`select 1 / 0`);
        sent.push(...events.map((e) => e.visitId ?? ''));
        await real().live_event?.(events, tx);
      },
    };
    await drainAfterCommit(h.db, { handlers: failing, limit: EVERY_DUE_ROW, onError: (w) => errors.push(w) });
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
        else await real().sign_out_notice?.(task, tx);
      },
      live_event: async (events, tx) => {
        got.push(...events.map((e) => e.visitId ?? ''));
        await real().live_event?.(events, tx);
      },
    };
    await drainAfterCommit(h.db, { handlers: failing, limit: EVERY_DUE_ROW, onError: (w) => errors.push(w) });
    expect(got).toContain(sent.visitId);
    expect(errors).toEqual(['after-commit sign_out_notice']);
    expect(await remaining([visitId, sent.visitId ?? ''])).toEqual([{ kind: 'sign_out_notice', attempts: 1 }]);
  });
});
