import { randomUUID } from 'node:crypto';
import { createTestSite } from '@threshold/db/testing';
import { timelineEventLabel } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertsOf,
  type EscortScene,
  escortScene,
  type Member,
  makeEligibleEscort,
  member,
  refused,
  signInVisitor,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness } from '../test-support/harness.ts';
import { insertLoggedVisit, logSite } from '../test-support/visit-log.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let ana: Member;
let ben: Member;
let visitId: string;
let otherVisitId: string;
let others: Record<'reception' | 'escort' | 'admin' | 'otherCoordinator', Member>;

beforeAll(async () => {
  scene = await escortScene(h);
  const site = scene.site.id;
  ana = await makeEligibleEscort(h, scene, { name: 'Ana Silva' });
  ben = await makeEligibleEscort(h, scene, { name: 'Ben Okoro' });
  // The visitor names Ana as their host: she is assigned at sign-in, confirms, and hands over to Ben, who goes
  // off duty (an alert the desk acknowledges); the desk assigns Ana again, who signs the visitor out.
  ({ visitId } = await signInVisitor(h, scene, { fullName: 'Ida Timeline', hostName: 'Ana Silva' }));
  await ana.as().escorts.confirm({ siteId: site, visitId });
  await ana.as().escorts.offerHandover({ siteId: site, visitId, toStaffId: ben.id });
  await ben.as().escorts.acceptHandover({ siteId: site, visitId });
  await ben.as().staff.setDuty({ siteId: site, onDuty: false });
  const [alert] = await alertsOf(h, visitId);
  if (!alert) throw new Error('no alert raised');
  await scene.coordinator.as().alerts.acknowledge({ siteId: site, alertId: alert.id, note: 'Found her at reception' });
  await scene.coordinator.as().escorts.assign({ siteId: site, visitId, staffId: ana.id });
  await ana.as().escorts.confirm({ siteId: site, visitId });
  await ana.as().escorts.signOut({ siteId: site, visitId });
  await scene.coordinator.as().visits.detail({ siteId: site, visitId });

  const otherSite = await createTestSite(h.db, scene.organisation.id, 'Timeline annexe');
  const otherLogSite = await logSite(h, scene.organisation.id, 'Europe/London', 'Timeline far site');
  otherVisitId = await insertLoggedVisit(h, otherLogSite, {
    name: 'Far Visitor',
    signedInAt: '2031-01-01T10:00:00Z',
    stayMinutes: 5,
  });
  others = {
    reception: await member(h, scene.site, ['reception']),
    escort: ana,
    admin: await member(h, scene.site, ['admin']),
    otherCoordinator: await member(h, { id: otherSite.id, organisationId: scene.organisation.id }, ['coordinator']),
  };
});

const timeline = (who: Member = scene.coordinator, id = visitId) =>
  who.as().visitLog.timeline({ siteId: scene.site.id, visitId: id });
const timelineViews = async () =>
  (await auditRowsOfType(h, scene.organisation.id, 'visit.viewed')).filter(
    (r) => r.visitId === visitId && (r.data as { what: string }).what === 'timeline',
  );

describe('visitLog.timeline', () => {
  it('gives every event of the visit in order: what, who acted, whom it concerned, and when', async () => {
    const { events } = await timeline();
    expect(
      events.map((e) => [e.type, e.actorType, e.actorName, e.staffName ?? e.fromStaffName, e.toStaffName, e.alertNote]),
    ).toEqual([
      ['visit.signed_in', 'kiosk', 'Test kiosk', null, null, null],
      ['screening.checked', 'kiosk', 'Test kiosk', null, null, null],
      ['visit.host_matched', 'kiosk', 'Test kiosk', 'Ana Silva', null, null],
      ['escort.assigned', 'kiosk', 'Test kiosk', 'Ana Silva', null, null],
      ['escort.confirmed', 'staff', 'Ana Silva', 'Ana Silva', null, null],
      ['escort.handover_offered', 'staff', 'Ana Silva', 'Ana Silva', 'Ben Okoro', null],
      ['escort.handover_accepted', 'staff', 'Ben Okoro', 'Ana Silva', 'Ben Okoro', null],
      ['escort.lost', 'system', null, 'Ben Okoro', null, null],
      ['alert.raised', 'system', null, null, null, null],
      ['alert.acknowledged', 'staff', 'Cora Coordinator', null, null, 'Found her at reception'],
      ['escort.assigned', 'staff', 'Cora Coordinator', 'Ana Silva', null, null],
      ['escort.confirmed', 'staff', 'Ana Silva', 'Ana Silva', null, null],
      ['visit.signed_out', 'staff', 'Ana Silva', null, null, null],
      ['visit.viewed', 'staff', 'Cora Coordinator', null, null, null],
    ]);
    expect(events.map((e) => e.data)).toContainEqual({ staffId: ana.id, previousStaffId: null, how: 'host_match' });
    expect(events.map((e) => e.data)).toContainEqual({ alertId: expect.any(String), kind: 'escort_off_duty' });
    const times = events.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('types each event by the audit union and names its kind in words', async () => {
    const { events } = await timeline();
    const lost = events.find((e) => e.type === 'escort.lost');
    // Narrowed on `type`, the event's data has the audit union's fields.
    expect(lost?.type === 'escort.lost' ? lost.data.reason : null).toBe('off_duty');
    expect(events.map(timelineEventLabel)).toEqual(expect.arrayContaining(['Handover accepted', 'Alert acknowledged']));
    expect(events.some((e) => e.type === 'unreadable')).toBe(false);
  });

  it('records each view, and shows earlier views of the timeline itself', async () => {
    const before = await timelineViews();
    await timeline();
    const { events } = await timeline();
    const after = await timelineViews();
    expect(after).toHaveLength(before.length + 2);
    expect(after.at(-1)).toMatchObject({ actorType: 'staff', actorId: scene.coordinator.id, siteId: scene.site.id });
    expect(events.at(-1)).toMatchObject({ type: 'visit.viewed', data: { what: 'timeline' } });
  });

  it.each(['reception', 'escort', 'admin', 'otherCoordinator'] as const)(
    'is FORBIDDEN to %s, and records nothing',
    async (who) => {
      const before = await timelineViews();
      await refused(timeline(others[who]), 'FORBIDDEN');
      expect(await timelineViews()).toHaveLength(before.length);
    },
  );

  it('is NOT_FOUND for another site’s visit or no visit, under the coordinator’s own site', async () => {
    const before = (await auditRowsOfType(h, scene.organisation.id, 'visit.viewed')).length;
    await refused(timeline(scene.coordinator, otherVisitId), 'NOT_FOUND');
    await refused(timeline(scene.coordinator, randomUUID()), 'NOT_FOUND');
    expect(await auditRowsOfType(h, scene.organisation.id, 'visit.viewed')).toHaveLength(before);
  });
});
