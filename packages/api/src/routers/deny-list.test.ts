import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screeningAlertHandler } from '../domain/deny-list/screening.ts';
import { PIN_REFUSED } from '../domain/escort/pin.ts';
import { drainAfterCommit } from '../jobs/after-commit.ts';
import {
  alertsOf,
  type EscortScene,
  escortScene,
  givePin,
  type Member,
  makeEligibleEscort,
  member,
  outboxOf,
  settleHostMatch,
  stateOf,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, callerFor, createHarness, visitorInput } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let site: string;
let org: string;
let reception: Member;

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

beforeAll(async () => {
  scene = await escortScene(h);
  site = scene.site.id;
  org = scene.organisation.id;
  reception = await member(h, scene.site, ['reception'], 'Rae Reception');
  // Sign-ins a tablet kept for ten minutes must be believable: it was paired an hour ago.
  await h.handle
    .sql`update kiosk_device set paired_at = ${minutesAgo(60).toISOString()} where id = ${scene.kiosk.deviceId}`;
  await scene.coordinator.as().denyList.add({
    siteId: site,
    fullName: 'Marie Curie',
    aliases: ['Mary Smith'],
    dateOfBirth: '1967-11-07',
    reason: 'Court order: must not contact a resident',
    reviewBy: '2030-01-01',
  });
});

const coordinator = () => scene.coordinator.as();

/** A kiosk sign-in as `fullName`: the receipt and the stored visit. */
async function signIn(fullName: string, extra: { signedAt?: Date; idempotencyKey?: string; hostName?: string } = {}) {
  const input = visitorInput(scene, { fullName, ...extra });
  const receipt = await scene.kioskAs().visits.signIn(input);
  const visit = await h.db.query.visit.findFirst({
    where: (t, { and, eq }) => and(eq(t.siteId, site), eq(t.idempotencyKey, input.idempotencyKey)),
  });
  if (!visit) throw new Error('visit not stored');
  return { input, receipt, visit };
}

/**
 * Hands on screening alerts until this visit's has been raised. The queue is shared by every test file on this
 * database (another file's sign-ins fill it, and its worker may be handing this row on at the same moment).
 */
async function drainScreeningAlerts(visitId: string) {
  for (let pass = 0; pass < 100; pass++) {
    await drainAfterCommit(h.db, {
      handlers: screeningAlertHandler,
      limit: 500,
      onError: (w, e) => console.error(w, e),
    });
    if ((await alertsOf(h, visitId)).length > 0) return;
    await sleep(50);
  }
  throw new Error(`no screening alert raised for ${visitId}`);
}

describe('the kiosk’s deny-list check', () => {
  it.each([
    ['the exact name', 'Marie Curie'],
    ['another case, spacing and word order', 'CURIE  marie'],
    ['an accent the entry lacks', 'Marie Curié'],
    ['punctuation', 'Curie, Marie.'],
    ['an alias, in another order', 'smith MARY'],
  ])('holds %s in screening ("%s")', async (_how, fullName) => {
    const { visit } = await signIn(fullName);
    expect(visit.state).toBe('screening');
    const [row] = await h.handle.sql`select outcome from visit_screening where visit_id = ${visit.id}`;
    expect(row?.outcome).toBe('match');
  });

  it.each([['Marie Curien'], ['Marie'], ['Pierre Curie']])('lets "%s" through to wait for an escort', async (name) => {
    const { visit } = await signIn(name);
    expect(visit.state).toBe('awaiting_escort');
    const [row] = await h.handle.sql`select outcome from visit_screening where visit_id = ${visit.id}`;
    expect(row?.outcome).toBe('clear');
  });

  it('answers a match exactly as any sign-in: the same receipt, with nothing that tells', async () => {
    const held = await signIn('Marie Curie');
    const clear = await signIn('Grace Hopper');
    const shape = (r: object) =>
      Object.entries(r).map(([k, v]) => [k, v === null ? 'null' : v instanceof Date ? 'date' : typeof v]);
    expect(shape(held.receipt)).toEqual(shape(clear.receipt));
    expect(held.receipt.replayed).toBe(false);
    expect(held.receipt.visitCode).toMatch(/^[A-Z0-9]{6}$/);
    // The badge screen asks for its escort like any other visit.
    const badge = await scene.kioskAs().kiosk.badgeEscort({ visitCode: held.receipt.visitCode });
    const badgeClear = await scene.kioskAs().kiosk.badgeEscort({ visitCode: clear.receipt.visitCode });
    expect(badge).toEqual(badgeClear);
  });

  it('folds letters that do not decompose: "Łukasz Søren" on the list holds "Lukasz Soren"; the log finds both', async () => {
    await coordinator().denyList.add({
      siteId: site,
      fullName: 'Łukasz Søren',
      aliases: ['Þór Ægisson'],
      reason: 'Harassed a resident',
      reviewBy: '2030-01-01',
    });
    expect((await signIn('Lukasz Soren')).visit.state).toBe('screening');
    expect((await signIn('thor aegisson')).visit.state).toBe('screening');
    expect((await signIn('Lukas Soren')).visit.state).toBe('awaiting_escort');
    const found = await coordinator().visitLog.search({ siteId: site, name: 'łukasz SØREN' });
    expect(found.visits.map((v) => v.visitorName)).toEqual(['Lukasz Soren']);
  });

  it('does not match another organisation’s entry', async () => {
    const other = await escortScene(h);
    const input = visitorInput(other, { fullName: 'Marie Curie' });
    await other.kioskAs().visits.signIn(input);
    const visit = await h.db.query.visit.findFirst({
      where: (t, { eq }) => eq(t.idempotencyKey, input.idempotencyKey),
    });
    expect(visit?.state).toBe('awaiting_escort');
  });

  it('screens a sign-in the tablet kept offline when it arrives, and a resend is not screened twice', async () => {
    const key = randomUUID();
    const signedAt = minutesAgo(10);
    const { visit, receipt } = await signIn('Marie Curie', { signedAt, idempotencyKey: key });
    expect(receipt.replayed).toBe(false);
    expect(visit.state).toBe('screening');
    expect(visit.signedInAt.toISOString()).toBe(signedAt.toISOString());
    const again = await scene
      .kioskAs()
      .visits.signIn(visitorInput(scene, { fullName: 'Marie Curie', signedAt, idempotencyKey: key }));
    expect(again).toMatchObject({ visitCode: receipt.visitCode, replayed: true });
    const rows = await h.handle.sql`select outcome from visit_screening where visit_id = ${visit.id}`;
    expect(rows.map((r) => r.outcome)).toEqual(['match']);
  });
});

describe('a visitor held in screening', () => {
  it('raises the urgent alert after the commit: on the board, and by email to the coordinators', async () => {
    const before = (await outboxOf(h, org, 'alert_raised')).length;
    const { visit } = await signIn('Marie Curie');
    expect(await alertsOf(h, visit.id)).toEqual([]);
    await drainScreeningAlerts(visit.id);
    const alerts = await alertsOf(h, visit.id);
    expect(alerts.map((a) => a.kind)).toEqual(['screening']);
    const emails = (await outboxOf(h, org, 'alert_raised')).slice(before).filter((m) => m.visitId === visit.id);
    expect(emails.map((m) => [m.toAddress, m.payload])).toEqual([[scene.coordinator.email, { kind: 'screening' }]]);
    // A second pass raises nothing more.
    await drainScreeningAlerts(visit.id);
    expect(await alertsOf(h, visit.id)).toHaveLength(1);
  });

  it('shows on the desk’s board as screening, and the coordinators see whom it matched', async () => {
    const { visit } = await signIn('CURIE marie');
    const board = await reception.as().visits.onSite({ siteId: site });
    const onBoard = JSON.stringify(board);
    expect(onBoard).toContain(visit.id);
    expect(onBoard).not.toContain('Court order');
    const waiting = await coordinator().denyList.waiting({ siteId: site });
    const mine = waiting.find((w) => w.visitId === visit.id);
    expect(mine).toMatchObject({
      outcome: 'match',
      visitorName: 'CURIE marie',
      // The entry's other names and date of birth, for telling the person on the list from a namesake.
      matches: [
        {
          fullName: 'Marie Curie',
          aliases: ['Mary Smith'],
          dateOfBirth: '1967-11-07',
          reason: 'Court order: must not contact a resident',
        },
      ],
    });
    expect(onBoard).not.toMatch(/1967|Mary Smith/);
    await expect(reception.as().denyList.waiting({ siteId: site })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Nobody fetches a held visitor before a coordinator decides.
    const escort = await makeEligibleEscort(h, scene, { name: 'Esme Escort' });
    await expect(
      reception.as().escorts.assign({ siteId: site, visitId: visit.id, staffId: escort.id }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/waiting for a coordinator/) });
  });

  it('at the kiosk’s escort PIN step, answers as for any visit whose escort is not assigned yet', async () => {
    // The escort the visitor named comes to the kiosk: the held visit has no assignment (host matching waits for the
    // coordinator), so the answer, the refusal code and the work done are those of any not-yet-assigned visit.
    const escort = await makeEligibleEscort(h, scene, { name: 'Pia Pinner' });
    await givePin(escort, '246810');
    const held = await signIn('Marie Curie', { hostName: 'Pia Pinner' });
    const ordinary = await signIn('Grace Hopper', { hostName: 'Nobody Here' });
    expect(held.visit.state).toBe('screening');
    expect(ordinary.visit.state).toBe('awaiting_escort');
    await settleHostMatch(h, [held.visit.id, ordinary.visit.id]);
    const answer = async (visitCode: string) => {
      const trail = (await auditRowsOfType(h, org, 'escort.confirmed')).length;
      const err = await scene
        .kioskAs()
        .kiosk.confirmEscortWithPin({ visitCode, pin: '246810' })
        .then(
          () => null,
          (e: unknown) => (e instanceof TRPCError ? { code: e.code, message: e.message } : e),
        );
      expect((await auditRowsOfType(h, org, 'escort.confirmed')).length).toBe(trail);
      return err;
    };
    const heldAnswer = await answer(held.receipt.visitCode);
    expect(heldAnswer).toEqual({ code: 'NOT_FOUND', message: PIN_REFUSED });
    expect(heldAnswer).toEqual(await answer(ordinary.receipt.visitCode));
    // And the badge keeps asking for its escort, as for the ordinary visit.
    const badge = (visitCode: string) => scene.kioskAs().kiosk.badgeEscort({ visitCode });
    expect(await badge(held.receipt.visitCode)).toEqual(await badge(ordinary.receipt.visitCode));
    expect(await stateOf(h, held.visit.id)).toBe('screening');
  });

  it('admitted by a coordinator: goes on waiting for an escort; alert acknowledged; audited; decided once', async () => {
    const { visit } = await signIn('Marie Curie');
    await drainScreeningAlerts(visit.id);
    await expect(
      reception.as().denyList.decide({ siteId: site, visitId: visit.id, decision: 'admitted', reason: 'Known to us' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const result = await coordinator().denyList.decide({
      siteId: site,
      visitId: visit.id,
      decision: 'admitted',
      reason: 'A different Marie Curie: checked her ID',
    });
    expect(result).toMatchObject({ state: 'awaiting_escort' });
    const after = await h.db.query.visit.findFirst({ where: (t, { eq }) => eq(t.id, visit.id) });
    expect(after?.state).toBe('awaiting_escort');
    expect((await alertsOf(h, visit.id)).every((a) => a.acknowledgedAt !== null)).toBe(true);
    const [screening] = await h.db.query.visitScreening.findMany({ where: (t, { eq }) => eq(t.visitId, visit.id) });
    expect(screening).toMatchObject({ decision: 'admitted', decidedByStaffId: scene.coordinator.id });
    expect(screening?.decisionNote).toBe('A different Marie Curie: checked her ID');
    const decided = (await auditRowsOfType(h, org, 'screening.decided')).filter((r) => r.visitId === visit.id);
    expect(decided.map((r) => r.data)).toEqual([{ decision: 'admitted' }]);
    await expect(
      coordinator().denyList.decide({ siteId: site, visitId: visit.id, decision: 'refused', reason: 'Changed mind' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refused by a coordinator: the visit ends, and reception is told what to do', async () => {
    const { visit } = await signIn('Mary Smith');
    const result = await coordinator().denyList.decide({
      siteId: site,
      visitId: visit.id,
      decision: 'refused',
      reason: 'The person named in the court order',
    });
    expect(result.state).toBe('signed_out');
    expect(result.instruction).toMatch(/without saying why/);
    const after = await h.db.query.visit.findFirst({ where: (t, { eq }) => eq(t.id, visit.id) });
    expect(after?.state).toBe('signed_out');
    expect(after?.signedOutAt).not.toBeNull();
    const waiting = await coordinator().denyList.waiting({ siteId: site });
    expect(waiting.map((w) => w.visitId)).not.toContain(visit.id);
    // The desk is told to see them out, and not why.
    const alerts = await reception.as().alerts.open({ siteId: site });
    const refusal = alerts.filter((a) => a.visitId === visit.id);
    expect(refusal.map((a) => a.kind)).toEqual(['screening_refused']);
    expect(JSON.stringify(refusal)).not.toMatch(/court order|Marie Curie/i);
  });
});

describe('deny-list entries', () => {
  it('are added, changed and removed by coordinators, each audited with ids only; a removed entry stops matching', async () => {
    const { entryId } = await coordinator().denyList.add({
      siteId: site,
      fullName: 'Ada Lovelace',
      aliases: [],
      reason: 'Threatened staff',
      reviewBy: '2020-01-01',
    });
    const due = await coordinator().denyList.entries({ siteId: site, due: true });
    expect(due.map((e) => e.id)).toEqual([entryId]);
    expect(due[0]).toMatchObject({ fullName: 'Ada Lovelace', reviewDue: true, addedByName: 'Cora Coordinator' });

    await coordinator().denyList.edit({
      siteId: site,
      entryId,
      fullName: 'Ada Lovelace',
      aliases: ['Augusta King'],
      dateOfBirth: null,
      reason: 'Threatened staff',
      reviewBy: '2031-06-01',
      change: 'Reviewed; known by her married name too',
    });
    expect((await signIn('King Augusta')).visit.state).toBe('screening');
    expect(await coordinator().denyList.entries({ siteId: site, due: true })).toEqual([]);

    await coordinator().denyList.remove({ siteId: site, entryId, reason: 'Order lifted by the court' });
    expect((await signIn('Ada Lovelace')).visit.state).toBe('awaiting_escort');
    const all = await coordinator().denyList.entries({ siteId: site, due: false });
    expect(all.map((e) => e.id)).not.toContain(entryId);
    await expect(coordinator().denyList.remove({ siteId: site, entryId, reason: 'Again' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const trail = await h.handle.sql<{ type: string; data: unknown }[]>`
      select type, data from audit_event where organisation_id = ${org} and type like 'deny_list.%' order by id`;
    // Marie Curie's and Łukasz Søren's entries (added above), then this one.
    expect(trail.map((r) => r.type)).toEqual([
      'deny_list.entry_added',
      'deny_list.entry_added',
      'deny_list.entry_added',
      'deny_list.entry_changed',
      'deny_list.entry_removed',
    ]);
    expect(JSON.stringify(trail)).not.toMatch(/Lovelace|Augusta|Curie|Threatened|court/i);
  });

  it('keep names, aliases, dates of birth and reasons out of a database dump', async () => {
    // What a dump holds: the raw bytes of every personal column, and the name hashes.
    const rows = await h.handle.sql<Record<string, Buffer | null>[]>`
      select full_name, aliases, date_of_birth, reason from deny_list_entry where organisation_id = ${org}`;
    const tokens = await h.handle.sql<
      { token: string }[]
    >`select token from deny_list_name where organisation_id = ${org}`;
    expect(rows.length).toBeGreaterThan(0);
    const bytes = rows.flatMap((r) => Object.values(r)).filter((c): c is Buffer => c !== null);
    expect(bytes.every((c) => Buffer.isBuffer(c) && c.length > 12)).toBe(true);
    const dump = [...bytes.map((c) => c.toString('latin1')), ...tokens.map((t) => t.token)].join('\n');
    expect(dump).not.toMatch(/curie|marie|smith|1967|court order/i);
  });

  it('refuse the desk and escorts', async () => {
    await expect(reception.as().denyList.entries({ siteId: site })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      callerFor(h, { kioskToken: scene.kiosk.token }).denyList.entries({ siteId: site }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/FORBIDDEN|UNAUTHORIZED/) });
  });
});
