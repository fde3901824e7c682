import { schema } from '@threshold/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markDeparturesUnconfirmed } from '../domain/departure-closing.ts';
import { DomainError } from '../domain/errors.ts';
import { lastLocalTimeBefore } from '../domain/local-time.ts';
import {
  assignmentsOf,
  type EscortScene,
  escortScene,
  type Member,
  makeEligibleEscort,
  member,
  refused,
  refusedWritingNothing,
  signInVisitor,
  stateOf,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, testPasswordHash } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let reception: Member;
let escort: Member;

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  [reception, escort] = await Promise.all([
    member(h, scene.site, ['reception'], 'Rae Reception'),
    makeEligibleEscort(h, scene, { name: 'Ana Silva' }),
  ]);
});

async function setClock(siteId: string, timezone: string, closingTime: string) {
  await h.db.update(schema.site).set({ timezone, closingTime }).where(eq(schema.site.id, siteId));
}

async function visitRow(visitId: string) {
  const row = await h.db.query.visit.findFirst({ where: (t, { eq }) => eq(t.id, visitId) });
  if (!row) throw new Error('no such visit');
  return row;
}

function fieldOf(err: unknown) {
  return err instanceof Error && err.cause instanceof DomainError ? err.cause.fieldError : null;
}

/** A visit at the scene's site marked "departure unconfirmed" by a closing time passed at `closedAt`. */
async function unconfirmedVisit(signedInAt: Date, closedAt: Date) {
  const { visitId } = await signInVisitor(h, scene, { now: signedInAt });
  await setClock(scene.site.id, 'UTC', `${String(closedAt.getUTCHours()).padStart(2, '0')}:00`);
  await markDeparturesUnconfirmed(h.db, { now: closedAt, siteIds: [scene.site.id] });
  expect(await stateOf(h, visitId)).toBe('departure_unconfirmed');
  return visitId;
}

describe('closing time', () => {
  it('is a site setting (default 20:00) that an admin changes, audited by field name, refused unless HH:MM', async () => {
    const local = await escortScene(h);
    const admin = await member(h, local.site, ['admin'], 'Ada Admin');
    const stored = await admin.as().sites.get({ siteId: local.site.id });
    expect(stored.site.closingTime).toBe('20:00');
    const form = { siteId: local.site.id, ...stored.site, ...stored.organisation };
    await expect(admin.as().sites.update({ ...form, closingTime: '18:30' })).resolves.toEqual({
      changed: ['closingTime'],
    });
    expect((await admin.as().sites.get({ siteId: local.site.id })).site.closingTime).toBe('18:30');
    const audit = await auditRowsOfType(h, local.organisation.id, 'site.settings_changed');
    expect(audit.map((r) => r.data)).toEqual([{ fields: ['closingTime'] }]);
    for (const bad of ['24:00', '8pm', '7:30']) {
      const err = await refused(admin.as().sites.update({ ...form, closingTime: bad }), 'BAD_REQUEST');
      expect(err.message).toMatch(/closing time as hours and minutes/);
    }
  });

  it('finds the last closing time in the site’s own zone, summer time included', () => {
    const london = (at: string) => lastLocalTimeBefore(new Date(at), '20:00', 'Europe/London').toISOString();
    expect(london('2030-01-15T20:00:00Z')).toBe('2030-01-15T20:00:00.000Z');
    expect(london('2030-01-15T19:59:00Z')).toBe('2030-01-14T20:00:00.000Z');
    expect(london('2030-07-01T19:30:00Z')).toBe('2030-07-01T19:00:00.000Z');
    expect(lastLocalTimeBefore(new Date('2030-01-15T12:00:00Z'), '18:00', 'Asia/Tokyo').toISOString()).toBe(
      '2030-01-15T09:00:00.000Z',
    );
  });

  it('marks open visits "departure unconfirmed" at each site’s closing time, once, and keeps them on the board', async () => {
    const tokyo = await escortScene(h);
    const london = await escortScene(h);
    await setClock(tokyo.site.id, 'Asia/Tokyo', '18:00');
    await setClock(london.site.id, 'Europe/London', '20:00');
    const signedInAt = new Date('2030-01-15T08:00:00Z');
    const inTokyo = await signInVisitor(h, tokyo, { now: signedInAt });
    const inLondon = await signInVisitor(h, london, { now: signedInAt });
    const siteIds = [tokyo.site.id, london.site.id];
    const sweep = (at: string) => markDeparturesUnconfirmed(h.db, { now: new Date(at), siteIds });

    expect(await sweep('2030-01-15T08:59:00Z')).toEqual({ visitIds: [] });
    // 18:00 in Tokyo is 09:00 UTC; London's 20:00 is still hours away.
    expect(await sweep('2030-01-15T09:00:00Z')).toEqual({ visitIds: [inTokyo.visitId] });
    expect(await stateOf(h, inLondon.visitId)).toBe('awaiting_escort');
    expect(await sweep('2030-01-15T19:59:00Z')).toEqual({ visitIds: [] });
    expect(await sweep('2030-01-15T20:00:00Z')).toEqual({ visitIds: [inLondon.visitId] });
    expect(await sweep('2030-01-15T20:05:00Z')).toEqual({ visitIds: [] });

    for (const [s, v] of [
      [tokyo, inTokyo],
      [london, inLondon],
    ] as const) {
      const row = await visitRow(v.visitId);
      expect(row.state).toBe('departure_unconfirmed');
      expect(row.signedOutAt).toBeNull();
      const audit = (await auditRowsOfType(h, s.organisation.id, 'visit.departure_unconfirmed')).filter(
        (r) => r.visitId === v.visitId,
      );
      expect(audit.map((r) => [r.actorType, r.data])).toEqual([
        ['system', { closingAt: s === tokyo ? '2030-01-15T09:00:00.000Z' : '2030-01-15T20:00:00.000Z' }],
      ]);
      const board = await s.coordinator.as().visits.onSite({ siteId: s.site.id });
      expect(board.find((x) => x.id === v.visitId)?.state).toBe('departure_unconfirmed');
      // Nobody saw them leave, so an evacuation still counts them.
      await s.coordinator.as().rollCall.start({ siteId: s.site.id });
      const rollCall = await s.coordinator.as().rollCall.current({ siteId: s.site.id });
      expect(rollCall?.visitors.map((x) => x.visitCode)).toEqual([v.visitCode]);
    }
  });

  it('lets a visitor still here after closing time sign out at the kiosk with their code', async () => {
    const late = await escortScene(h);
    await setClock(late.site.id, 'UTC', '20:00');
    const { visitId, visitCode } = await signInVisitor(h, late, { now: new Date('2030-01-15T19:00:00Z') });
    await markDeparturesUnconfirmed(h.db, { now: new Date('2030-01-15T20:01:00Z'), siteIds: [late.site.id] });
    const at = new Date('2030-01-15T20:10:00Z');
    await expect(late.kioskAs(at).visits.signOut({ visitCode })).resolves.toEqual({ signedOut: true });
    expect(await visitRow(visitId)).toMatchObject({ state: 'signed_out', signedOutAt: at, signOutNote: null });
  });

  it('leaves a visit that began after the last closing time open', async () => {
    const late = await escortScene(h);
    await setClock(late.site.id, 'UTC', '20:00');
    const { visitId } = await signInVisitor(h, late, { now: new Date('2030-01-15T20:30:00Z') });
    await markDeparturesUnconfirmed(h.db, { now: new Date('2030-01-15T21:00:00Z'), siteIds: [late.site.id] });
    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
  });
});

describe('departures.record', () => {
  it('signs the visit out at the time they left, with the note, audited; reception may', async () => {
    const visitId = await unconfirmedVisit(new Date('2030-02-01T09:00:00Z'), new Date('2030-02-01T20:00:00Z'));
    const departedAt = new Date('2030-02-01T17:30:00Z');
    await reception.as(new Date('2030-02-02T08:00:00Z')).departures.record({
      siteId: scene.site.id,
      visitId,
      departedAt,
      note: '  Night staff saw her leave  ',
    });
    const row = await visitRow(visitId);
    expect(row).toMatchObject({
      state: 'signed_out',
      signedOutAt: departedAt,
      signOutNote: 'Night staff saw her leave',
    });
    const audit = (await auditRowsOfType(h, scene.organisation.id, 'visit.departure_recorded')).filter(
      (r) => r.visitId === visitId,
    );
    expect(audit.map((r) => [r.actorType, r.actorId, r.data])).toEqual([
      ['staff', reception.id, { departedAt: departedAt.toISOString() }],
    ]);
    await refused(
      scene.coordinator.as().departures.record({ siteId: scene.site.id, visitId, departedAt, note: 'Again' }),
      'CONFLICT',
      /not waiting for a departure time/,
    );
  });

  it('refuses a time in the future or before sign-in, naming the field, and a missing note', async () => {
    const visitId = await unconfirmedVisit(new Date('2030-03-01T09:00:00Z'), new Date('2030-03-01T20:00:00Z'));
    const now = new Date('2030-03-02T08:00:00Z');
    const record =
      (departedAt: Date, note = 'Seen leaving') =>
      () =>
        scene.coordinator.as(now).departures.record({ siteId: scene.site.id, visitId, departedAt, note });

    const future = await refusedWritingNothing(
      h,
      scene.organisation.id,
      record(new Date('2030-03-02T08:01:00Z')),
      'BAD_REQUEST',
    );
    expect(fieldOf(future)).toMatchObject({ path: 'departedAt', key: 'departedAt.future' });
    const early = await refusedWritingNothing(
      h,
      scene.organisation.id,
      record(new Date('2030-03-01T08:59:00Z')),
      'BAD_REQUEST',
    );
    expect(fieldOf(early)).toMatchObject({ path: 'departedAt', key: 'departedAt.before_sign_in' });
    await refused(record(new Date('2030-03-01T12:00:00Z'), '   ')(), 'BAD_REQUEST', /Add a note/);
    expect(await stateOf(h, visitId)).toBe('departure_unconfirmed');
  });

  it('refuses a visit still open (not past closing time), and an escort', async () => {
    const { visitId } = await signInVisitor(h, scene);
    const input = { siteId: scene.site.id, visitId, departedAt: new Date(), note: 'Left' };
    await refused(scene.coordinator.as().departures.record(input), 'CONFLICT');
    await refused(escort.as().departures.record(input), 'FORBIDDEN');
  });
});

describe('departures.signOutOnBehalf', () => {
  it('signs the visitor out now with the reason, ends the escort assignment, audited', async () => {
    const { visitId } = await signInVisitor(h, scene, { hostName: 'Ana Silva' });
    expect(await assignmentsOf(h, visitId)).toHaveLength(1);
    const now = new Date(Date.now() + 60_000);
    await reception.as(now).departures.signOutOnBehalf({
      siteId: scene.site.id,
      visitId,
      reason: 'Handed badge in at the desk; kiosk was busy',
    });
    const row = await visitRow(visitId);
    expect(row).toMatchObject({
      state: 'signed_out',
      signedOutAt: now,
      signOutNote: 'Handed badge in at the desk; kiosk was busy',
    });
    const [assignment] = await assignmentsOf(h, visitId);
    expect(assignment).toMatchObject({ endedAt: now, endReason: 'signed_out' });
    const audit = (await auditRowsOfType(h, scene.organisation.id, 'visit.signed_out')).filter(
      (r) => r.visitId === visitId,
    );
    expect(audit.map((r) => [r.actorType, r.actorId, r.data])).toEqual([['staff', reception.id, { via: 'staff' }]]);
    const detail = await scene.coordinator.as().visits.detail({ siteId: scene.site.id, visitId });
    expect(detail).toMatchObject({ signedOutAt: now, signOutNote: 'Handed badge in at the desk; kiosk was busy' });
    await refused(
      reception.as().departures.signOutOnBehalf({ siteId: scene.site.id, visitId, reason: 'Again' }),
      'CONFLICT',
      /already signed out/,
    );
  });

  it('asks for a reason and is forbidden to escorts', async () => {
    const { visitId } = await signInVisitor(h, scene);
    await refusedWritingNothing(
      h,
      scene.organisation.id,
      () => reception.as().departures.signOutOnBehalf({ siteId: scene.site.id, visitId, reason: ' ' }),
      'BAD_REQUEST',
      /Say why you are signing them out/,
    );
    await refused(
      escort.as().departures.signOutOnBehalf({ siteId: scene.site.id, visitId, reason: 'Left' }),
      'FORBIDDEN',
    );
    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
  });
});
