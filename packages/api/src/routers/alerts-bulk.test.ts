import { MAX_BULK_ALERTS } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOverrun, checkUnescorted } from '../domain/escort/alerts.ts';
import {
  type EscortScene,
  escortScene,
  escortSnapshot,
  type Member,
  makeEligibleEscort,
  member,
  refused,
  refusedWritingNothing,
  signInVisitor,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, errorOf, httpCall, testPasswordHash } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let site: string;
let org: string;
let reception: Member;

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  site = scene.site.id;
  org = scene.organisation.id;
  reception = await member(h, scene.site, ['reception'], 'Rae Reception');
});

/** `visits` visitors signed in, each with an unescorted and an overrun alert: two alerts per visit. */
async function busyDay(target: EscortScene, visits: number) {
  const ids: string[] = [];
  for (let i = 0; i < visits; i++) {
    const { visitId } = await signInVisitor(h, target, { fullName: `Visitor ${i + 1}` });
    for (const check of [checkUnescorted, checkOverrun]) {
      const id = await check(h.db, { visitId, now: new Date() });
      if (!id) throw new Error('no alert raised');
      ids.push(id);
    }
  }
  return ids;
}

const openAt = async (siteId: string) =>
  (
    await h.handle.sql<{ id: string }[]>`
    select id from alert where site_id = ${siteId} and acknowledged_at is null`
  ).map((r) => r.id);

describe('alerts.acknowledgeMany', () => {
  it('closes 25 alerts with one note in one go: 25 audit rows, the rest left open', async () => {
    const ids = await busyDay(scene, 13);
    const chosen = ids.slice(0, 25);
    const before = (await auditRowsOfType(h, org, 'alert.acknowledged')).length;
    const at = new Date(Date.now() + 60_000);

    const result = await reception
      .as(at)
      .alerts.acknowledgeMany({ siteId: site, alertIds: chosen, note: '  Busy open day: all walked round by Rae  ' });

    expect(result).toEqual({ acknowledged: 25 });
    const rows = await h.db.query.alert.findMany({ where: (t, { inArray }) => inArray(t.id, chosen) });
    expect(rows).toHaveLength(25);
    for (const row of rows) {
      expect(row).toMatchObject({
        acknowledgedAt: at,
        acknowledgedByStaffId: reception.id,
        note: 'Busy open day: all walked round by Rae',
      });
    }
    const audit = (await auditRowsOfType(h, org, 'alert.acknowledged')).slice(before);
    expect(audit).toHaveLength(25);
    expect(new Set(audit.map((r) => (r.data as { alertId: string }).alertId))).toEqual(new Set(chosen));
    expect(audit.every((r) => r.actorType === 'staff' && r.actorId === reception.id)).toBe(true);
    expect(await openAt(site)).toEqual([ids[25]]);
  });

  it('refuses a list holding another site’s alert, naming the field, and changes nothing', async () => {
    const other = await escortScene(h);
    const [foreign] = await busyDay(other, 1);
    const mine = await openAt(site);
    mine.push(...(await busyDay(scene, 1)));
    const alertIds = [...mine, foreign ?? ''];

    await refusedWritingNothing(
      h,
      org,
      () => scene.coordinator.as().alerts.acknowledgeMany({ siteId: site, alertIds, note: 'All of them' }),
      'NOT_FOUND',
      /^1 of the chosen alerts is no longer open at this site/,
    );
    expect((await openAt(site)).sort()).toEqual([...mine].sort());
    expect(await openAt(other.site.id)).toContain(foreign);

    // Over HTTP the refusal names the field, with a key to translate it by.
    const before = await escortSnapshot(h, org);
    const res = await httpCall(
      h,
      { cookie: scene.coordinator.cookie },
      { path: 'alerts.acknowledgeMany', type: 'mutation', input: { siteId: site, alertIds, note: 'All of them' } },
    );
    expect(res.status).toBe(404);
    expect(errorOf(res).data.fieldErrors).toEqual([
      expect.objectContaining({ path: 'alertIds', key: 'alertIds.not_open', params: { count: 1 } }),
    ]);
    expect(await escortSnapshot(h, org)).toEqual(before);
  });

  it('refuses a list with an alert already closed, so a colleague’s acknowledgement is never overwritten', async () => {
    const [first, second] = await busyDay(scene, 1);
    if (!first || !second) throw new Error('no alerts');
    await scene.coordinator.as().alerts.acknowledge({ siteId: site, alertId: first, note: 'Cora found them' });
    await refusedWritingNothing(
      h,
      org,
      () => reception.as().alerts.acknowledgeMany({ siteId: site, alertIds: [first, second], note: 'Both done' }),
      'NOT_FOUND',
    );
    const row = await h.db.query.alert.findFirst({ where: (t, { eq }) => eq(t.id, first) });
    expect(row?.note).toBe('Cora found them');
    expect(await openAt(site)).toContain(second);
  });

  it.each([
    ['an empty list', { alertIds: [] }, 'alertIds'],
    [
      'a list over the limit',
      { alertIds: Array.from({ length: MAX_BULK_ALERTS + 1 }, () => crypto.randomUUID()) },
      'alertIds',
    ],
    [
      'the same alert twice',
      { alertIds: [crypto.randomUUID(), crypto.randomUUID()].flatMap((x) => [x, x]) },
      'alertIds',
    ],
    ['a blank note', { alertIds: [crypto.randomUUID()], note: '   ' }, 'note'],
  ])('refuses %s with BAD_REQUEST naming the field', async (_what, input, field) => {
    const res = await httpCall(
      h,
      { cookie: scene.coordinator.cookie },
      { path: 'alerts.acknowledgeMany', type: 'mutation', input: { siteId: site, note: 'Checked', ...input } },
    );
    expect(res.status).toBe(400);
    expect(errorOf(res).data.fieldErrors.map((f) => f.path.split('.')[0])).toContain(field);
  });

  it('is FORBIDDEN to an escort and to an admin, writing nothing', async () => {
    const ids = await busyDay(scene, 1);
    const escort = await makeEligibleEscort(h, scene, { name: 'Ana Silva' });
    const admin = await member(h, scene.site, ['admin'], 'Ada Admin');
    for (const who of [escort, admin]) {
      await refusedWritingNothing(
        h,
        org,
        () => who.as().alerts.acknowledgeMany({ siteId: site, alertIds: ids, note: 'I found them' }),
        'FORBIDDEN',
      );
    }
    await refused(admin.as().alerts.open({ siteId: site }), 'FORBIDDEN');
  });
});
