import { isVisitHeld } from '@threshold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertsOf,
  type EscortScene,
  escortScene,
  type Member,
  makeEligibleEscort,
  member,
  outboxOf,
  refused,
  refusedWritingNothing,
  signInVisitor,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let site: string;
let org: string;
let reception: Member;
let ana: Member;
let ben: Member;

beforeAll(async () => {
  scene = await escortScene(h);
  site = scene.site.id;
  org = scene.organisation.id;
  [reception, ana, ben] = await Promise.all([
    member(h, scene.site, ['reception'], 'Rae Reception'),
    makeEligibleEscort(h, scene, { name: 'Ana Silva' }),
    makeEligibleEscort(h, scene, { name: 'Ben Okoro' }),
  ]);
});

const concernsOf = (visitId: string) =>
  h.handle.sql`select * from safeguarding_concern where visit_id = ${visitId} order by raised_at`;
const holdsOf = (visitId: string) => h.handle.sql`select * from safeguarding_hold where visit_id = ${visitId}`;

describe('safeguarding.raiseConcern', () => {
  it('by the escort of the visit: records the concern, holds the visit, alerts coordinators on the board and by email', async () => {
    // Ana is the host the visitor names, so the visit is assigned to her.
    const { visitId } = await signInVisitor(h, scene, { fullName: 'Concern Visitor', hostName: 'Ana Silva' });
    await ana.as().escorts.confirm({ siteId: site, visitId });
    const emailsBefore = (await outboxOf(h, org, 'alert_raised')).length;

    const result = await ana.as().safeguarding.raiseConcern({
      siteId: site,
      visitId,
      category: 'disclosure_by_child',
      note: 'The child told me something worrying in the garden',
    });

    const [concern] = await concernsOf(visitId);
    expect(concern).toMatchObject({
      id: result.concernId,
      category: 'disclosure_by_child',
      note: 'The child told me something worrying in the garden',
      raised_by_staff_id: ana.id,
      raised_via: 'escort',
    });
    // Held automatically, the reason following the category.
    expect(await isVisitHeld(h.db, { visitId })).toBe(true);
    const [hold] = await holdsOf(visitId);
    expect(hold).toMatchObject({ id: result.holdId, reason: 'child_protection_concern', concern_id: result.concernId });
    // The board's alert, and an email to the site's coordinator that names nobody.
    const alerts = await alertsOf(h, visitId);
    expect(alerts.map((a) => [a.id, a.kind, a.staffId])).toEqual([[result.alertId, 'safeguarding_concern', ana.id]]);
    const open = await scene.coordinator.as().alerts.open({ siteId: site });
    expect(open.map((a) => a.kind)).toContain('safeguarding_concern');
    const emails = (await outboxOf(h, org, 'alert_raised')).slice(emailsBefore);
    expect(emails.map((m) => [m.toAddress, m.payload, m.visitId])).toEqual([
      [scene.coordinator.email, { kind: 'safeguarding_concern' }, visitId],
    ]);
    // The trail: concern, hold and alert rows, ids and enums only.
    const trail = await h.handle.sql<{ type: string; data: unknown }[]>`
      select type, data from audit_event where visit_id = ${visitId} and type in
        ('safeguarding.concern_raised', 'safeguarding.hold_placed', 'alert.raised') order by id`;
    expect(trail.map((r) => [r.type, r.data])).toEqual([
      ['safeguarding.concern_raised', { concernId: result.concernId, category: 'disclosure_by_child', via: 'escort' }],
      [
        'safeguarding.hold_placed',
        {
          holdId: result.holdId,
          reason: 'child_protection_concern',
          reviewBy: expect.any(String),
          concernId: result.concernId,
        },
      ],
      ['alert.raised', { alertId: result.alertId, kind: 'safeguarding_concern' }],
    ]);
    expect(JSON.stringify(trail)).not.toMatch(/worrying|Concern Visitor/);
  });

  it('refuses an escort for a visit not assigned to them, writing nothing', async () => {
    const { visitId } = await signInVisitor(h, scene, { hostName: 'Ana Silva' });
    await refusedWritingNothing(
      h,
      org,
      () => ben.as().safeguarding.raiseConcern({ siteId: site, visitId, category: 'injury', note: 'Fell on stairs' }),
      'FORBIDDEN',
      /not assigned to you/,
    );
    expect(await concernsOf(visitId)).toHaveLength(0);
    expect(await isVisitHeld(h.db, { visitId })).toBe(false);
  });

  it('from the desk (reception) for any visit on site; a visit already held keeps its one hold', async () => {
    const { visitId } = await signInVisitor(h, scene);
    await scene.coordinator
      .as()
      .safeguarding.hold({ siteId: site, visitId, reason: 'legal_request', note: '', reviewBy: '2031-01-01' });
    const result = await reception.as().safeguarding.raiseConcern({
      siteId: site,
      visitId,
      category: 'unauthorised_photography',
      note: 'Took photos of the noticeboard',
    });
    expect(result.holdId).toBeNull();
    expect(await holdsOf(visitId)).toHaveLength(1);
    const [concern] = await concernsOf(visitId);
    expect(concern).toMatchObject({ raised_via: 'desk', raised_by_staff_id: reception.id });

    // A second concern while the first one's alert is open: still one alert on the board, but coordinators are
    // emailed again.
    const emailsBefore = (await outboxOf(h, org, 'alert_raised')).length;
    const again = await scene.coordinator
      .as()
      .safeguarding.raiseConcern({ siteId: site, visitId, category: 'visitor_behaviour', note: 'Asked about a child' });
    expect(again.alertId).toBeNull();
    expect((await alertsOf(h, visitId)).map((a) => a.kind)).toEqual(['safeguarding_concern']);
    const emails = (await outboxOf(h, org, 'alert_raised')).slice(emailsBefore);
    expect(emails.map((m) => [m.toAddress, m.payload])).toEqual([
      [scene.coordinator.email, { kind: 'safeguarding_concern' }],
    ]);
    expect(await concernsOf(visitId)).toHaveLength(2);
  });

  it('refuses a note too short, and a visitor who has signed out', async () => {
    const { visitId, visitCode } = await signInVisitor(h, scene);
    const desk = reception.as().safeguarding;
    await refused(
      desk.raiseConcern({ siteId: site, visitId, category: 'other', note: '' }),
      'BAD_REQUEST',
      /few words/,
    );
    await scene.kioskAs().visits.signOut({ visitCode });
    await refused(
      desk.raiseConcern({ siteId: site, visitId, category: 'other', note: 'Left a bag behind' }),
      'BAD_REQUEST',
      /signed out/,
    );
    expect(await concernsOf(visitId)).toHaveLength(0);
  });
});

describe('safeguarding.concerns', () => {
  it('lists the site’s concerns newest first for coordinators; reception and escorts are refused', async () => {
    const a = await signInVisitor(h, scene, { fullName: 'First Visitor' });
    const b = await signInVisitor(h, scene, { fullName: 'Second Visitor' });
    const t = Date.now();
    await reception
      .as(new Date(t + 60_000))
      .safeguarding.raiseConcern({ siteId: site, visitId: a.visitId, category: 'injury', note: 'Cut hand' });
    await reception
      .as(new Date(t + 120_000))
      .safeguarding.raiseConcern({ siteId: site, visitId: b.visitId, category: 'visitor_behaviour', note: 'Shouting' });
    const list = await scene.coordinator.as().safeguarding.concerns({ siteId: site, status: 'all' });
    const mine = list.filter((c) => c.visitId === a.visitId || c.visitId === b.visitId);
    expect(mine.map((c) => [c.visitorName, c.category, c.note, c.raisedByName, c.raisedVia])).toEqual([
      ['Second Visitor', 'visitor_behaviour', 'Shouting', 'Rae Reception', 'desk'],
      ['First Visitor', 'injury', 'Cut hand', 'Rae Reception', 'desk'],
    ]);
    expect((await scene.coordinator.as().safeguarding.concerns({ siteId: site })).length).toBe(list.length);
    await refused(reception.as().safeguarding.concerns({ siteId: site }), 'FORBIDDEN');
    await refused(ana.as().safeguarding.concerns({ siteId: site }), 'FORBIDDEN');
  });

  it('audits each look at the list: who, which list and filter, how many, no names', async () => {
    const before = await auditRowsOfType(h, org, 'safeguarding.viewed');
    const open = await scene.coordinator.as().safeguarding.concerns({ siteId: site });
    const all = await scene.coordinator.as().safeguarding.concerns({ siteId: site, status: 'all' });
    const after = await auditRowsOfType(h, org, 'safeguarding.viewed');
    expect(after.slice(before.length).map((a) => [a.actorId, a.siteId, a.visitId, a.data])).toEqual([
      [scene.coordinator.id, site, null, { list: 'concerns', status: 'open', count: open.length }],
      [scene.coordinator.id, site, null, { list: 'concerns', status: 'all', count: all.length }],
    ]);
    expect(JSON.stringify(after.map((a) => a.data))).not.toMatch(/Visitor|Shouting|Cut hand/);
  });
});

describe('safeguarding.closeConcern', () => {
  it('a coordinator closes a concern with what was done; it leaves the open list, the visit stays held', async () => {
    const { visitId } = await signInVisitor(h, scene, { fullName: 'Closing Visitor' });
    const { concernId } = await reception
      .as()
      .safeguarding.raiseConcern({ siteId: site, visitId, category: 'injury', note: 'Trapped a finger in the door' });
    const coordinator = scene.coordinator.as().safeguarding;
    await refused(coordinator.closeConcern({ siteId: site, concernId, note: '' }), 'BAD_REQUEST', /what was done/);
    await refused(reception.as().safeguarding.closeConcern({ siteId: site, concernId, note: 'Done' }), 'FORBIDDEN');
    await coordinator.closeConcern({ siteId: site, concernId, note: 'First aid given; accident book entry 12' });
    expect((await coordinator.concerns({ siteId: site })).map((c) => c.id)).not.toContain(concernId);
    const closed = (await coordinator.concerns({ siteId: site, status: 'all' })).find((c) => c.id === concernId);
    expect(closed).toMatchObject({
      closedByName: 'Cora Coordinator',
      closeNote: 'First aid given; accident book entry 12',
    });
    expect(await isVisitHeld(h.db, { visitId })).toBe(true);
    const audit = (await auditRowsOfType(h, org, 'safeguarding.concern_closed')).filter((a) => a.visitId === visitId);
    expect(audit.map((a) => a.data)).toEqual([{ concernId }]);
    await refused(coordinator.closeConcern({ siteId: site, concernId, note: 'Again' }), 'NOT_FOUND', /no longer open/);
  });
});

describe('audit of concerns', () => {
  it('records each concern once', async () => {
    const rows = await auditRowsOfType(h, org, 'safeguarding.concern_raised');
    const concerns = await h.handle.sql`select id from safeguarding_concern where organisation_id = ${org}`;
    expect(rows.map((r) => (r.data as { concernId: string }).concernId).sort()).toEqual(
      concerns.map((c) => c.id as string).sort(),
    );
  });
});
