import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUnescorted } from '../domain/escort/alerts.ts';
import { afterCommitHandlers, type VisitTimers } from '../domain/escort/timers.ts';
import {
  alertsOf,
  type EscortScene,
  escortScene,
  type Member,
  makeEligibleEscort,
  member,
  signInVisitor,
} from '../test-support/escort-harness.ts';
import { createHarness, testPasswordHash } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

const WINDOW_MS = 300 * 1000; // the site's default confirmation window
const minutes = (t: Date, n: number) => new Date(t.getTime() + n * 60_000);
// Escort training is judged against the clock the procedures see, so the scenes run at about the real time.
const aMinuteAgo = () => new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);

let scene: EscortScene;
let reception: Member;
let ana: Member;
let ben: Member;

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  [reception, ana, ben] = await Promise.all([
    member(h, scene.site, ['reception'], 'Rae Reception'),
    makeEligibleEscort(h, scene, { name: 'Ana Silva' }),
    makeEligibleEscort(h, scene, { name: 'Ben Okafor' }),
  ]);
});

/** The re-checks queued to follow commits for this visit, as times (ms). */
async function rechecksOf(visitId: string): Promise<number[]> {
  const rows = await h.handle.sql<{ at: string }[]>`
    select payload->>'at' as at from job_outbox
    where kind = 'escort_recheck' and payload->>'visitId' = ${visitId} order by id`;
  return rows.map((r) => Number(r.at));
}

const openAlerts = async (visitId: string) => (await alertsOf(h, visitId)).filter((a) => !a.acknowledgedAt);

describe('the no-escort alert re-arms', () => {
  it('fires again after an acknowledgement when nobody confirms within the window, never two open at once', async () => {
    const t = aMinuteAgo();
    const { visitId } = await signInVisitor(h, scene, { now: t });
    const first = await checkUnescorted(h.db, { visitId, now: minutes(t, 5) });
    expect(first).not.toBeNull();
    expect(await checkUnescorted(h.db, { visitId, now: minutes(t, 6) })).toBeNull();
    expect(await openAlerts(visitId)).toHaveLength(1);

    const ackAt = minutes(t, 7);
    await reception.as(ackAt).alerts.acknowledge({ siteId: scene.site.id, alertId: String(first), note: 'Looking' });
    expect(await rechecksOf(visitId)).toEqual([ackAt.getTime() + WINDOW_MS]);

    const second = await checkUnescorted(h.db, { visitId, now: new Date(ackAt.getTime() + WINDOW_MS) });
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
    expect((await alertsOf(h, visitId)).map((a) => [a.id, a.acknowledgedAt !== null])).toEqual([
      [first, true],
      [second, false],
    ]);
  });

  it('stays quiet after an acknowledgement when an escort confirms within the window', async () => {
    const t = aMinuteAgo();
    const { visitId } = await signInVisitor(h, scene, { now: t });
    const first = await checkUnescorted(h.db, { visitId, now: minutes(t, 5) });
    await reception
      .as(minutes(t, 6))
      .alerts.acknowledge({ siteId: scene.site.id, alertId: String(first), note: 'On it' });
    await reception.as(minutes(t, 7)).escorts.assign({ siteId: scene.site.id, visitId, staffId: ana.id });
    await ana.as(minutes(t, 8)).escorts.confirm({ siteId: scene.site.id, visitId });
    for (const at of await rechecksOf(visitId)) {
      expect(await checkUnescorted(h.db, { visitId, now: new Date(at) })).toBeNull();
    }
    expect(await openAlerts(visitId)).toEqual([]);
  });

  it('fires again after a reassignment when the new escort never confirms', async () => {
    const t = aMinuteAgo();
    const { visitId } = await signInVisitor(h, scene, { now: t });
    await reception.as(minutes(t, 1)).escorts.assign({ siteId: scene.site.id, visitId, staffId: ana.id });
    await ana.as(minutes(t, 2)).escorts.confirm({ siteId: scene.site.id, visitId });
    const reassignedAt = minutes(t, 30);
    await reception.as(reassignedAt).escorts.assign({ siteId: scene.site.id, visitId, staffId: ben.id });
    const rechecks = await rechecksOf(visitId);
    expect(rechecks).toEqual([minutes(t, 1).getTime() + WINDOW_MS, reassignedAt.getTime() + WINDOW_MS]);

    const alert = await checkUnescorted(h.db, { visitId, now: new Date(reassignedAt.getTime() + WINDOW_MS) });
    expect(alert).not.toBeNull();
    expect((await openAlerts(visitId)).map((a) => [a.kind, a.staffId])).toEqual([['unescorted', ben.id]]);
    // Another reassignment while that alert is open re-arms, but the later check finds it still open: one alert.
    await reception.as(minutes(t, 40)).escorts.assign({ siteId: scene.site.id, visitId, staffId: ana.id });
    expect(await checkUnescorted(h.db, { visitId, now: minutes(t, 45) })).toBeNull();
    expect(await openAlerts(visitId)).toHaveLength(1);
  });

  it('schedules the re-check as a durable escort-check timer, keyed so it is not taken for the first one', async () => {
    const scheduled: unknown[] = [];
    // Records what would go to pg-boss; the job's own run is checkUnescorted, exercised above.
    const timers: VisitTimers = {
      schedule: async (name, data, options) => {
        scheduled.push([name, data, options]);
        return true;
      },
    };
    const handlers = afterCommitHandlers(timers);
    const visitId = '00000000-0000-4000-8000-000000000001';
    await h.db.transaction(async (tx) => {
      await handlers.escort_recheck?.({ visitId, at: 1_900_000_000_000 }, tx);
    });
    expect(scheduled).toEqual([
      [
        'escort-check',
        { visitId },
        { startAfter: new Date(1_900_000_000_000), singletonKey: `escort-check:${visitId}:1900000000000` },
      ],
    ]);
  });
});
