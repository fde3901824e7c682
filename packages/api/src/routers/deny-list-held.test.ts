import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screeningAlertHandler } from '../domain/deny-list/screening.ts';
import { PIN_REFUSED } from '../domain/escort/pin.ts';
import { drainAfterCommit } from '../jobs/after-commit.ts';
import { type DenyListScene, denyListScene } from '../test-support/deny-list-scene.ts';
import {
  alertsOf,
  type EscortScene,
  givePin,
  type Member,
  makeEligibleEscort,
  outboxOf,
  settleHostMatch,
  stateOf,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness } from '../test-support/harness.ts';

// The kiosk's check itself and the entries are in deny-list.test.ts.
const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let site: string;
let org: string;
let reception: Member;
let signIn: DenyListScene['signIn'];

beforeAll(async () => {
  ({ scene, site, org, reception, signIn } = await denyListScene(h));
});

const coordinator = () => scene.coordinator.as();

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
