import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  escortScene,
  type Member,
  makeEligibleEscort,
  member,
  refused,
  signInVisitor,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, testPasswordHash } from '../test-support/harness.ts';

const h = createHarness({ max: 6 });
afterAll(() => h.close());

beforeAll(() => testPasswordHash());

/**
 * A site of its own (one open roll call per site): a coordinator, reception, an escort on duty holding one
 * visitor, a visitor with no escort, an escort off duty and a visitor who has already left.
 */
async function evacuationScene() {
  const scene = await escortScene(h);
  const site = scene.site.id;
  const org = scene.organisation.id;
  const reception = await member(h, scene.site, ['reception'], 'Rae Reception');
  const escort = await makeEligibleEscort(h, scene, { name: 'Eli Escort' });
  const offDuty = await makeEligibleEscort(h, scene, { name: 'Olu Offduty' });
  await offDuty.as().staff.setDuty({ siteId: site, onDuty: false });
  const escorted = await signInVisitor(h, scene, { fullName: 'Grace Brewster Hopper', hostName: 'Eli Escort' });
  const alone = await signInVisitor(h, scene, { fullName: 'Ada Lovelace' });
  const left = await signInVisitor(h, scene, { fullName: 'Gone Already' });
  await scene.caller.visits.signOut({ visitCode: left.visitCode });
  return { scene, site, org, coordinator: scene.coordinator, reception, escort, escorted, alone };
}

const auditOf = async (org: string, type: string) =>
  (await auditRowsOfType(h, org, type)).map((r) => ({ actorId: r.actorId, visitId: r.visitId, data: r.data }));

async function entriesOf(rollCallId: string) {
  return h.db.query.rollCallEntry.findMany({ where: (t, { eq }) => eq(t.rollCallId, rollCallId) });
}

describe('staff on duty', () => {
  it('includes reception and coordinators who put themselves on duty, not only escorts', async () => {
    const s = await evacuationScene();
    await s.reception.as().staff.setDuty({ siteId: s.site, onDuty: true });
    await s.coordinator.as().rollCall.start({ siteId: s.site });
    const current = await s.coordinator.as().rollCall.current({ siteId: s.site });
    expect(current?.staff.map((p) => p.name)).toEqual(['Eli Escort', 'Rae Reception']);
  });
});

describe('starting a roll call', () => {
  it('lists every visitor on site with their escort and every member of staff on duty, and records it', async () => {
    const s = await evacuationScene();
    const t = new Date('2031-03-04T10:00:00.000Z');
    const started = await s.coordinator.as(t).rollCall.start({ siteId: s.site });
    expect(started.created).toBe(true);

    const current = await s.reception.as().rollCall.current({ siteId: s.site });
    expect(current).toMatchObject({
      id: started.rollCallId,
      startedAt: t,
      startedByName: 'Cora Coordinator',
      closedAt: null,
      siteName: s.scene.site.name,
      counts: { accounted: 0, total: 3 },
      arrivals: { visitors: [], staff: [] },
    });
    expect(current?.visitors.map(({ entryId: _entryId, ...v }) => v)).toEqual([
      {
        name: 'Ada L.',
        category: 'researcher',
        visitCode: s.alone.visitCode,
        escortName: null,
        signedOutAt: null,
        accountedAt: null,
        accountedByName: null,
      },
      {
        name: 'Grace H.',
        category: 'researcher',
        visitCode: s.escorted.visitCode,
        escortName: 'Eli Escort',
        signedOutAt: null,
        accountedAt: null,
        accountedByName: null,
      },
    ]);
    expect(current?.staff.map((p) => p.name)).toEqual(['Eli Escort']);

    const entries = await entriesOf(started.rollCallId);
    expect(entries.find((e) => e.visitId === s.escorted.visitId)?.escortStaffId).toBe(s.escort.id);
    expect(await auditOf(s.org, 'roll_call.started')).toEqual([
      {
        actorId: s.coordinator.id,
        visitId: null,
        data: { rollCallId: started.rollCallId, visitors: 2, staff: 1 },
      },
    ]);
    // Names never reach the audit trail.
    expect(JSON.stringify(await auditRowsOfType(h, s.org, 'roll_call.started'))).not.toMatch(/Grace|Ada|Eli/);
  });

  it('makes one roll call when several people press start at once, and the others join it', async () => {
    const s = await evacuationScene();
    const presses = await Promise.all([
      s.coordinator.as().rollCall.start({ siteId: s.site }),
      s.reception.as().rollCall.start({ siteId: s.site }),
      s.coordinator.as().rollCall.start({ siteId: s.site }),
      s.reception.as().rollCall.start({ siteId: s.site }),
    ]);
    const ids = new Set(presses.map((p) => p.rollCallId));
    expect(ids.size).toBe(1);
    expect(presses.filter((p) => p.created)).toHaveLength(1);
    const rows = await h.db.query.rollCall.findMany({ where: (t, { eq }) => eq(t.siteId, s.site) });
    expect(rows).toHaveLength(1);
    expect(await entriesOf(presses[0]?.rollCallId ?? '')).toHaveLength(3);
    expect(await auditOf(s.org, 'roll_call.started')).toHaveLength(1);
  });

  it('leaves out the name of a concealed site, since the list is printed and taken outside', async () => {
    const s = await evacuationScene();
    await h.handle.sql`update site set concealed = true where id = ${s.site}`;
    await s.reception.as().rollCall.start({ siteId: s.site });
    expect((await s.reception.as().rollCall.current({ siteId: s.site }))?.siteName).toBeNull();
  });
});

describe('marking people accounted for', () => {
  it('records who marked whom and when, keeps the first mark, and lets a mark be taken back (recorded too)', async () => {
    const s = await evacuationScene();
    const { rollCallId } = await s.reception.as().rollCall.start({ siteId: s.site });
    const before = await s.reception.as().rollCall.current({ siteId: s.site });
    const grace = before?.visitors.find((v) => v.name === 'Grace H.');
    if (!grace) throw new Error('Grace is not on the roll call');

    const t1 = new Date('2031-03-04T10:03:00.000Z');
    const marked = await s.reception.as(t1).rollCall.mark({ siteId: s.site, entryId: grace.entryId, accounted: true });
    expect(marked).toEqual({ entryId: grace.entryId, accounted: true, changed: true });
    // A second phone ticks the same person a moment later: the first mark stands, nothing more is recorded.
    const again = await s.coordinator
      .as(new Date('2031-03-04T10:03:05.000Z'))
      .rollCall.mark({ siteId: s.site, entryId: grace.entryId, accounted: true });
    expect(again.changed).toBe(false);

    const after = await s.coordinator.as().rollCall.current({ siteId: s.site });
    expect(after?.counts).toEqual({ accounted: 1, total: 3 });
    expect(after?.visitors.find((v) => v.entryId === grace.entryId)).toMatchObject({
      accountedAt: t1,
      accountedByName: 'Rae Reception',
    });
    const [row] = (await entriesOf(rollCallId)).filter((e) => e.id === grace.entryId);
    expect(row).toMatchObject({ accountedAt: t1, accountedByStaffId: s.reception.id });

    await s.coordinator.as().rollCall.mark({ siteId: s.site, entryId: grace.entryId, accounted: false });
    const undone = await s.coordinator.as().rollCall.current({ siteId: s.site });
    expect(undone?.counts).toEqual({ accounted: 0, total: 3 });
    expect(undone?.visitors.find((v) => v.entryId === grace.entryId)).toMatchObject({
      accountedAt: null,
      accountedByName: null,
    });

    const staffEntry = undone?.staff[0];
    if (!staffEntry) throw new Error('no staff on the roll call');
    await s.reception.as().rollCall.mark({ siteId: s.site, entryId: staffEntry.entryId, accounted: true });

    expect(await auditOf(s.org, 'roll_call.marked')).toEqual([
      {
        actorId: s.reception.id,
        visitId: s.escorted.visitId,
        data: { rollCallId, entryId: grace.entryId, kind: 'visitor', accounted: true },
      },
      {
        actorId: s.coordinator.id,
        visitId: s.escorted.visitId,
        data: { rollCallId, entryId: grace.entryId, kind: 'visitor', accounted: false },
      },
      {
        actorId: s.reception.id,
        visitId: null,
        data: { rollCallId, entryId: staffEntry.entryId, kind: 'staff', accounted: true },
      },
    ]);
  });
});

describe('people who arrive after the roll call started', () => {
  it('are shown as arrivals, and added once however many press "add" at once', async () => {
    const s = await evacuationScene();
    const { rollCallId } = await s.reception.as().rollCall.start({ siteId: s.site });
    await signInVisitor(h, s.scene, { fullName: 'Late Larry' });
    const late: Member = await makeEligibleEscort(h, s.scene, { name: 'Lou Late' });

    const current = await s.reception.as().rollCall.current({ siteId: s.site });
    expect(current?.counts.total).toBe(3);
    expect(current?.arrivals).toEqual({
      visitors: [{ name: 'Late L.', category: 'researcher', escortName: null }],
      staff: [{ name: 'Lou Late' }],
    });

    const adds = await Promise.all([
      s.reception.as().rollCall.addArrivals({ siteId: s.site, rollCallId }),
      s.coordinator.as().rollCall.addArrivals({ siteId: s.site, rollCallId }),
    ]);
    expect(adds.map((a) => a.visitors + a.staff).sort()).toEqual([0, 2]);
    const now = await s.reception.as().rollCall.current({ siteId: s.site });
    expect(now?.counts.total).toBe(5);
    expect(now?.arrivals).toEqual({ visitors: [], staff: [] });
    expect(now?.staff.map((p) => p.name)).toEqual(['Eli Escort', late.name]);
    expect((await auditOf(s.org, 'roll_call.arrivals_added')).map((r) => r.data)).toEqual([
      { rollCallId, visitors: 1, staff: 1 },
    ]);
  });
});

describe('closing a roll call', () => {
  it('records who closed it and the counts, then nothing on it can change; coordinators see it in the history', async () => {
    const s = await evacuationScene();
    const t0 = new Date('2031-03-04T10:00:00.000Z');
    const { rollCallId } = await s.reception.as(t0).rollCall.start({ siteId: s.site });
    const list = await s.reception.as().rollCall.current({ siteId: s.site });
    const [first, second] = list?.visitors ?? [];
    if (!first || !second) throw new Error('expected two visitors');
    await s.reception.as().rollCall.mark({ siteId: s.site, entryId: first.entryId, accounted: true });

    const t1 = new Date('2031-03-04T10:20:00.000Z');
    expect(await s.coordinator.as(t1).rollCall.close({ siteId: s.site, rollCallId })).toEqual({
      accounted: 1,
      total: 3,
    });
    expect(await s.reception.as().rollCall.current({ siteId: s.site })).toBeNull();
    await refused(
      s.reception.as().rollCall.mark({ siteId: s.site, entryId: second.entryId, accounted: true }),
      'CONFLICT',
      /closed/,
    );
    await refused(s.reception.as().rollCall.close({ siteId: s.site, rollCallId }), 'CONFLICT', /closed/);
    await refused(s.reception.as().rollCall.addArrivals({ siteId: s.site, rollCallId }), 'CONFLICT', /closed/);
    expect(await auditOf(s.org, 'roll_call.closed')).toEqual([
      { actorId: s.coordinator.id, visitId: null, data: { rollCallId, accounted: 1, total: 3 } },
    ]);

    // The next evacuation starts a new roll call.
    const next = await s.reception.as(new Date('2031-03-04T11:00:00.000Z')).rollCall.start({ siteId: s.site });
    expect(next).toMatchObject({ created: true });
    expect(next.rollCallId).not.toBe(rollCallId);

    const history = await s.coordinator.as().rollCall.history({ siteId: s.site });
    expect(history.map((r) => r.id)).toEqual([next.rollCallId, rollCallId]);
    expect(history[1]).toEqual({
      id: rollCallId,
      startedAt: t0,
      startedByName: 'Rae Reception',
      closedAt: t1,
      closedByName: 'Cora Coordinator',
      total: 3,
      accounted: 1,
    });

    const past = await s.coordinator.as().rollCall.get({ siteId: s.site, rollCallId });
    expect(past).toMatchObject({
      id: rollCallId,
      closedByName: 'Cora Coordinator',
      counts: { accounted: 1, total: 3 },
    });
    expect(past.visitors.find((v) => v.entryId === first.entryId)?.accountedByName).toBe('Rae Reception');
    expect(await auditOf(s.org, 'roll_call.viewed')).toEqual([
      { actorId: s.coordinator.id, visitId: null, data: { rollCallId } },
    ]);
  });

  it('shows a visitor who signed out after the roll call started with the time they left', async () => {
    const s = await evacuationScene();
    await s.reception.as().rollCall.start({ siteId: s.site });
    await s.scene.caller.visits.signOut({ visitCode: s.alone.visitCode });
    const current = await s.reception.as().rollCall.current({ siteId: s.site });
    expect(current?.visitors.find((v) => v.name === 'Ada L.')?.signedOutAt).toBeInstanceOf(Date);
    expect(current?.counts.total).toBe(3);
  });
});
