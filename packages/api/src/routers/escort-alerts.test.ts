import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOverrun, checkUnescorted } from '../domain/escort/alerts.ts';
import {
  type EscortScene,
  escortScene,
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
let admin: Member;
let ana: Member;

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  site = scene.site.id;
  org = scene.organisation.id;
  [reception, admin, ana] = await Promise.all([
    member(h, scene.site, ['reception'], 'Rae Reception'),
    member(h, scene.site, ['admin'], 'Ada Admin'),
    makeEligibleEscort(h, scene, { name: 'Ana Silva' }),
  ]);
});

const raise = async (check: typeof checkUnescorted, visitId: string, now = new Date()) => {
  const id = await check(h.db, { visitId, now });
  if (!id) throw new Error('no alert raised');
  return id;
};

describe('alerts.open', () => {
  it('lists open alerts at the site, oldest first, with the visitor and escort, for coordinator and reception', async () => {
    const local = await escortScene(h);
    const desk = await member(h, local.site, ['reception'], 'Ray Desk');
    const dee = await makeEligibleEscort(h, local, { name: 'Dee Diaz' });
    const a = await signInVisitor(h, local, { fullName: 'Ada Lovelace' });
    const b = await signInVisitor(h, local, { fullName: 'Alan Turing', hostName: 'Dee Diaz' });
    const t = Date.now();
    const first = await raise(checkUnescorted, a.visitId, new Date(t + 1000));
    const second = await raise(checkOverrun, b.visitId, new Date(t + 2000));
    // Closed alerts and alerts elsewhere are not listed.
    const closed = await raise(checkOverrun, a.visitId, new Date(t + 3000));
    await local.coordinator.as().alerts.acknowledge({ siteId: local.site.id, alertId: closed, note: 'Left already' });
    await raise(checkUnescorted, (await signInVisitor(h, scene)).visitId);

    const expected = [
      {
        id: first,
        kind: 'unescorted',
        visitId: a.visitId,
        visitorName: 'Ada Lovelace',
        staffId: null,
        staffName: null,
      },
      {
        id: second,
        kind: 'overrun',
        visitId: b.visitId,
        visitorName: 'Alan Turing',
        staffId: dee.id,
        staffName: 'Dee Diaz',
      },
    ];
    for (const who of [local.coordinator, desk]) {
      const list = await who.as().alerts.open({ siteId: local.site.id });
      expect(list.map(({ raisedAt: _r, ...rest }) => rest)).toEqual(expected);
      expect(list.map((x) => x.raisedAt)).toEqual([new Date(t + 1000), new Date(t + 2000)]);
    }
  });

  it.each(['escort', 'admin'] as const)('is FORBIDDEN to %s', async (who) => {
    await refused((who === 'escort' ? ana : admin).as().alerts.open({ siteId: site }), 'FORBIDDEN');
  });

  it('is FORBIDDEN at a site where the member of staff has no desk role', async () => {
    const other = await escortScene(h);
    await refused(scene.coordinator.as().alerts.open({ siteId: other.site.id }), 'FORBIDDEN');
  });
});

describe('alerts.acknowledge', () => {
  it('records who, when and the note, audits it, and a second acknowledge is NOT_FOUND', async () => {
    const { visitId } = await signInVisitor(h, scene);
    const alertId = await raise(checkUnescorted, visitId);
    const at = new Date(Date.now() + 60_000);
    await reception.as(at).alerts.acknowledge({ siteId: site, alertId, note: '  Escorted back to reception  ' });

    const row = await h.db.query.alert.findFirst({ where: (t, { eq }) => eq(t.id, alertId) });
    expect(row).toMatchObject({
      acknowledgedAt: at,
      acknowledgedByStaffId: reception.id,
      note: 'Escorted back to reception',
    });
    const audit = (await auditRowsOfType(h, org, 'alert.acknowledged')).filter((r) => r.visitId === visitId);
    expect(audit.map((r) => [r.actorType, r.actorId, r.data])).toEqual([
      ['staff', reception.id, { alertId, kind: 'unescorted' }],
    ]);
    expect((await reception.as().alerts.open({ siteId: site })).some((x) => x.id === alertId)).toBe(false);

    await refusedWritingNothing(
      h,
      org,
      () => scene.coordinator.as().alerts.acknowledge({ siteId: site, alertId, note: 'Again' }),
      'NOT_FOUND',
    );
  });

  it.each([
    ['empty', ''],
    ['blank', '    '],
    ['too short', 'ok'],
  ])('refuses a %s note with BAD_REQUEST naming note, writing nothing', async (_what, note) => {
    const { visitId } = await signInVisitor(h, scene);
    const alertId = await raise(checkUnescorted, visitId);
    const before = (await auditRowsOfType(h, org, 'alert.acknowledged')).length;
    const res = await httpCall(
      h,
      { cookie: scene.coordinator.cookie },
      { path: 'alerts.acknowledge', type: 'mutation', input: { siteId: site, alertId, note } },
    );
    expect(res.status).toBe(400);
    const err = errorOf(res);
    expect(err.data.code).toBe('BAD_REQUEST');
    expect(err.data.fieldErrors.map((f) => f.path)).toEqual(['note']);
    // Said in words only: the field is named in fieldErrors, never as a raw prefix in the message.
    expect(err.message).toBe(err.data.fieldErrors[0]?.message);
    expect(err.message).not.toMatch(/note:/);
    expect((await h.db.query.alert.findFirst({ where: (t, { eq }) => eq(t.id, alertId) }))?.acknowledgedAt).toBeNull();
    expect((await auditRowsOfType(h, org, 'alert.acknowledged')).length).toBe(before);
  });

  it('is FORBIDDEN to an escort and NOT_FOUND for an alert at another site, writing nothing', async () => {
    const { visitId } = await signInVisitor(h, scene);
    const alertId = await raise(checkUnescorted, visitId);
    await refusedWritingNothing(
      h,
      org,
      () => ana.as().alerts.acknowledge({ siteId: site, alertId, note: 'I found them' }),
      'FORBIDDEN',
    );
    const other = await escortScene(h);
    await refusedWritingNothing(
      h,
      org,
      () => other.coordinator.as().alerts.acknowledge({ siteId: other.site.id, alertId, note: 'Not mine' }),
      'NOT_FOUND',
    );
  });
});
