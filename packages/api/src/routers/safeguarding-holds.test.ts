import { randomBytes } from 'node:crypto';
import { createDb, heldVisitIds, isVisitHeld } from '@threshold/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { placeHold } from '../domain/safeguarding/holds.ts';
import {
  type EscortScene,
  escortScene,
  type Member,
  member,
  refused,
  signInVisitor,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, type Harness } from '../test-support/harness.ts';

const h = createHarness();
// A role without INSERT on audit_event, so a hold whose audit row fails can be shown to leave no hold behind.
const owner = createDb(inject('ownerDatabaseUrl'), { max: 1 });
const role = `threshold_nohold_audit_${randomBytes(4).toString('hex')}`;
let restricted: Harness;

let scene: EscortScene;
let site: string;
let org: string;
let reception: Member;
let otherCoordinator: Member;

// Noon UTC on 10 June 2031 (London: UTC+1).
const NOW = new Date('2031-06-10T12:00:00Z');

beforeAll(async () => {
  scene = await escortScene(h);
  site = scene.site.id;
  org = scene.organisation.id;
  reception = await member(h, scene.site, ['reception'], 'Rae Reception');
  const [other] = await h.handle.sql<{ id: string }[]>`
    insert into site (organisation_id, name, timezone) values (${org}, 'Annexe', 'Europe/London') returning id`;
  if (!other) throw new Error('site insert returned nothing');
  otherCoordinator = await member(h, { id: other.id, organisationId: org }, ['coordinator'], 'Oz Other');

  const password = randomBytes(16).toString('hex');
  const r = owner.sql(role);
  await owner.sql`create role ${r} login password ${owner.sql.unsafe(`'${password}'`)}`;
  await owner.sql`grant usage on schema public to ${r}`;
  await owner.sql`grant select, insert, update, delete on all tables in schema public to ${r}`;
  await owner.sql`grant usage, select on all sequences in schema public to ${r}`;
  await owner.sql`revoke insert, update, delete, truncate on audit_event from ${r}`;
  const url = new URL(inject('databaseUrl'));
  url.username = role;
  url.password = password;
  restricted = createHarness({ url: url.toString(), max: 1 });
});

afterAll(async () => {
  try {
    await restricted?.close();
    await h.close();
  } finally {
    await owner.sql`drop owned by ${owner.sql(role)}`;
    await owner.sql`drop role ${owner.sql(role)}`;
    await owner.close();
  }
});

const coordinator = (now = NOW) => scene.coordinator.as(now).safeguarding;
const holdRows = (visitId: string) =>
  h.handle.sql`select * from safeguarding_hold where visit_id = ${visitId} order by placed_at`;

describe('safeguarding holds', () => {
  it('a coordinator holds a visit: the hold keeps its note, the audit row carries ids and enums only', async () => {
    const { visitId } = await signInVisitor(h, scene, { fullName: 'Held Visitor' });
    const { holdId } = await coordinator().hold({
      siteId: site,
      visitId,
      reason: 'legal_request',
      note: 'Police request ref 4411',
      reviewBy: '2031-09-01',
    });
    expect(await isVisitHeld(h.db, { visitId })).toBe(true);
    expect(await heldVisitIds(h.db, { visitIds: [visitId, scene.site.id] })).toEqual(new Set([visitId]));
    const [row] = await holdRows(visitId);
    expect(row).toMatchObject({
      id: holdId,
      reason: 'legal_request',
      note: 'Police request ref 4411',
      review_by: '2031-09-01',
    });
    const audit = (await auditRowsOfType(h, org, 'safeguarding.hold_placed')).filter((a) => a.visitId === visitId);
    expect(audit.map((a) => [a.actorId, a.siteId, a.data])).toEqual([
      [scene.coordinator.id, site, { holdId, reason: 'legal_request', reviewBy: '2031-09-01' }],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/Police|Held Visitor/);
    expect(await coordinator().visitHold({ siteId: site, visitId })).toMatchObject({
      id: holdId,
      reason: 'legal_request',
      reviewBy: '2031-09-01',
      placedByName: 'Cora Coordinator',
    });
  });

  it('refuses a second active hold on the same visit, writing nothing', async () => {
    const { visitId } = await signInVisitor(h, scene);
    const input = { siteId: site, visitId, reason: 'injury_on_site' as const, note: '', reviewBy: '2031-07-01' };
    await coordinator().hold(input);
    const before = (await auditRowsOfType(h, org, 'safeguarding.hold_placed')).length;
    await refused(coordinator().hold(input), 'CONFLICT', /already held/);
    expect(await holdRows(visitId)).toHaveLength(1);
    expect(await auditRowsOfType(h, org, 'safeguarding.hold_placed')).toHaveLength(before);
  });

  it('asks for a note when the reason is "other"', async () => {
    const { visitId } = await signInVisitor(h, scene);
    await refused(
      coordinator().hold({ siteId: site, visitId, reason: 'other', note: '', reviewBy: '2031-07-01' }),
      'BAD_REQUEST',
      /note is required/,
    );
    expect(await holdRows(visitId)).toHaveLength(0);
  });

  it('releases with a reason; the visit is no longer held and may be held again', async () => {
    const { visitId } = await signInVisitor(h, scene);
    const hold = { siteId: site, visitId, reason: 'safeguarding_concern' as const, note: '', reviewBy: '2031-07-01' };
    const { holdId } = await coordinator().hold(hold);
    await refused(coordinator().release({ siteId: site, holdId, reason: '' }), 'BAD_REQUEST', /why the hold/);
    await coordinator().release({ siteId: site, holdId, reason: 'Reviewed with the manager: no further action' });
    expect(await isVisitHeld(h.db, { visitId })).toBe(false);
    const [row] = await holdRows(visitId);
    expect(row).toMatchObject({
      release_reason: 'Reviewed with the manager: no further action',
      released_by_staff_id: scene.coordinator.id,
    });
    const audit = (await auditRowsOfType(h, org, 'safeguarding.hold_released')).filter((a) => a.visitId === visitId);
    expect(audit.map((a) => a.data)).toEqual([{ holdId }]);
    await refused(coordinator().release({ siteId: site, holdId, reason: 'Again' }), 'NOT_FOUND', /no longer active/);
    await coordinator().hold(hold);
    expect(await isVisitHeld(h.db, { visitId })).toBe(true);
  });

  it('lists active holds for review, the earliest review date first, overdue ones marked', async () => {
    const ids: string[] = [];
    for (const reviewBy of ['2031-06-20', '2031-06-09', '2031-06-10']) {
      const { visitId } = await signInVisitor(h, scene);
      await coordinator().hold({ siteId: site, visitId, reason: 'legal_request', note: '', reviewBy });
      ids.push(visitId);
    }
    const list = (await coordinator().holds({ siteId: site })).filter((r) => ids.includes(r.visitId));
    expect(list.map((r) => [r.reviewBy, r.overdue])).toEqual([
      ['2031-06-09', true],
      ['2031-06-10', false],
      ['2031-06-20', false],
    ]);
    expect(list[0]).toMatchObject({ visitorName: 'Grace Hopper', placedByName: 'Cora Coordinator' });
  });

  it('audits each look at the review list: who, which list and how many, no names', async () => {
    const before = await auditRowsOfType(h, org, 'safeguarding.viewed');
    const list = await coordinator().holds({ siteId: site });
    const after = await auditRowsOfType(h, org, 'safeguarding.viewed');
    expect(after.slice(before.length).map((a) => [a.actorId, a.siteId, a.visitId, a.data])).toEqual([
      [scene.coordinator.id, site, null, { list: 'holds', count: list.length }],
    ]);
    expect(list.length).toBeGreaterThan(0);
    await refused(reception.as(NOW).safeguarding.holds({ siteId: site }), 'FORBIDDEN');
    expect(await auditRowsOfType(h, org, 'safeguarding.viewed')).toHaveLength(after.length);
  });

  it('is for coordinators of the site: reception is refused, another site’s coordinator finds no such visit', async () => {
    const { visitId } = await signInVisitor(h, scene);
    const input = { siteId: site, visitId, reason: 'legal_request' as const, note: '', reviewBy: '2031-07-01' };
    await refused(reception.as(NOW).safeguarding.hold(input), 'FORBIDDEN');
    await refused(reception.as(NOW).safeguarding.holds({ siteId: site }), 'FORBIDDEN');
    const theirSite = otherCoordinator.as(NOW).safeguarding;
    const [their] = await h.handle.sql<{ site_id: string }[]>`
      select site_id from staff_role where staff_id = ${otherCoordinator.id}`;
    if (!their) throw new Error('no role for the other coordinator');
    await refused(theirSite.hold({ ...input, siteId: their.site_id }), 'NOT_FOUND');
    expect(await holdRows(visitId)).toHaveLength(0);
  });

  it('writes the hold and its audit row in one transaction: when the audit row cannot be written, no hold remains', async () => {
    const { visitId } = await signInVisitor(h, scene);
    await expect(
      placeHold(restricted.db, {
        siteId: site,
        visitId,
        reason: 'legal_request',
        note: '',
        reviewBy: '2031-07-01',
        staffId: scene.coordinator.id,
        now: NOW,
      }),
    ).rejects.toThrow();
    expect(await holdRows(visitId)).toHaveLength(0);
    expect(await isVisitHeld(h.db, { visitId })).toBe(false);
  });
});
