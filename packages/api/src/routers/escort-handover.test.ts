import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignmentsOf,
  type EscortScene,
  escortScene,
  type Member,
  makeEligibleEscort,
  outboxOf,
  refusedWritingNothing,
  signInVisitor,
  stateOf,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, testPasswordHash } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let site: string;
let org: string;
let ana: Member;
let ben: Member;
let cy: Member;

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  site = scene.site.id;
  org = scene.organisation.id;
  [ana, ben, cy] = await Promise.all([
    makeEligibleEscort(h, scene, { name: 'Ana Silva' }),
    makeEligibleEscort(h, scene, { name: 'Ben Okoro' }),
    makeEligibleEscort(h, scene, { name: 'Cy Tan' }),
  ]);
});

const seconds = (base: Date, s: number) => new Date(base.getTime() + s * 1000);
const auditOf = async (type: string, visitId: string) =>
  (await auditRowsOfType(h, org, type)).filter((r) => r.visitId === visitId).map((r) => r.data);

/** A visitor who typed Ana as host: assigned to her, not yet confirmed. */
const visitForAna = () => signInVisitor(h, scene, { hostName: 'Ana Silva' });

describe('confirming', () => {
  it('by the assigned escort: escorted, confirmed by phone, audited', async () => {
    const { visitId, signedInAt } = await visitForAna();
    const t = seconds(signedInAt, 30);
    await ana.as(t).escorts.confirm({ siteId: site, visitId });
    expect(await stateOf(h, visitId)).toBe('escorted');
    const [a] = await assignmentsOf(h, visitId);
    expect(a).toMatchObject({ staffId: ana.id, confirmedAt: t, confirmedVia: 'phone', endedAt: null });
    expect(await auditOf('escort.confirmed', visitId)).toEqual([{ staffId: ana.id, via: 'phone' }]);
  });

  it('by another escort is FORBIDDEN; twice is CONFLICT; neither writes anything', async () => {
    const { visitId } = await visitForAna();
    await refusedWritingNothing(h, org, () => ben.as().escorts.confirm({ siteId: site, visitId }), 'FORBIDDEN');
    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
    await ana.as().escorts.confirm({ siteId: site, visitId });
    await refusedWritingNothing(h, org, () => ana.as().escorts.confirm({ siteId: site, visitId }), 'CONFLICT');
  });
});

describe('handing over', () => {
  it('offer then accept: responsibility moves at one instant and unescorted time stays 0', async () => {
    const { visitId, signedInAt } = await visitForAna();
    const [tConfirm, tOffer, tAccept, tLook] = [0, 60, 120, 300].map((s) => seconds(signedInAt, s));
    await ana.as(tConfirm).escorts.confirm({ siteId: site, visitId });

    await ana.as(tOffer).escorts.offerHandover({ siteId: site, visitId, toStaffId: ben.id });
    expect(await stateOf(h, visitId)).toBe('handover_pending');
    const [offered] = await assignmentsOf(h, visitId);
    expect(offered).toMatchObject({ staffId: ana.id, offeredToStaffId: ben.id, offeredAt: tOffer, endedAt: null });
    expect(await auditOf('escort.handover_offered', visitId)).toEqual([{ fromStaffId: ana.id, toStaffId: ben.id }]);
    // Ben is told by email, as an assignment is (one unsent email each, listing whoever waits for them when sent).
    const mail = (await outboxOf(h, org, 'escort_assigned')).filter((m) => m.status === 'pending');
    expect(mail.map((m) => m.toAddress).sort()).toEqual([ana.email, ben.email].sort());
    // The offer shows on both phones.
    expect((await ben.as().escorts.mine({ siteId: site })).filter((v) => v.visitId === visitId)).toMatchObject([
      { role: 'offered' },
    ]);

    await ben.as(tAccept).escorts.acceptHandover({ siteId: site, visitId });
    expect(await stateOf(h, visitId)).toBe('escorted');
    const [first, second] = await assignmentsOf(h, visitId);
    expect(first).toMatchObject({
      staffId: ana.id,
      endedAt: tAccept,
      endReason: 'handed_over',
      offeredToStaffId: null,
    });
    expect(second).toMatchObject({
      staffId: ben.id,
      assignedAt: tAccept,
      confirmedAt: tAccept,
      confirmedVia: 'handover',
      endedAt: null,
    });
    expect(await auditOf('escort.handover_accepted', visitId)).toEqual([{ fromStaffId: ana.id, toStaffId: ben.id }]);

    const detail = await scene.coordinator.as(tLook).visits.detail({ siteId: site, visitId });
    expect(detail.unescortedSeconds).toBe(0);
    expect(detail.escorts.map((e) => [e.staffName, e.endReason])).toEqual([
      ['Ana Silva', 'handed_over'],
      ['Ben Okoro', null],
    ]);
    // Ana no longer holds the visitor.
    expect((await ana.as().escorts.mine({ siteId: site })).some((v) => v.visitId === visitId)).toBe(false);
  });

  it.each(['offering', 'offered'] as const)(
    'cancelled by the %s escort: escorted by the original escort',
    async (side) => {
      const { visitId } = await visitForAna();
      await ana.as().escorts.confirm({ siteId: site, visitId });
      await ana.as().escorts.offerHandover({ siteId: site, visitId, toStaffId: ben.id });
      const by = side === 'offering' ? ana : ben;
      await by.as().escorts.cancelHandover({ siteId: site, visitId });

      expect(await stateOf(h, visitId)).toBe('escorted');
      const assignments = await assignmentsOf(h, visitId);
      expect(assignments).toHaveLength(1);
      expect(assignments[0]).toMatchObject({ staffId: ana.id, offeredToStaffId: null, offeredAt: null, endedAt: null });
      expect(await auditOf('escort.handover_cancelled', visitId)).toEqual([{ fromStaffId: ana.id, toStaffId: ben.id }]);
      // After a cancel Ben cannot accept.
      await refusedWritingNothing(
        h,
        org,
        () => ben.as().escorts.acceptHandover({ siteId: site, visitId }),
        'FORBIDDEN',
      );
    },
  );

  it('accept by a third escort is FORBIDDEN, writing nothing', async () => {
    const { visitId } = await visitForAna();
    await ana.as().escorts.confirm({ siteId: site, visitId });
    await ana.as().escorts.offerHandover({ siteId: site, visitId, toStaffId: ben.id });
    await refusedWritingNothing(h, org, () => cy.as().escorts.acceptHandover({ siteId: site, visitId }), 'FORBIDDEN');
    await refusedWritingNothing(h, org, () => cy.as().escorts.cancelHandover({ siteId: site, visitId }), 'FORBIDDEN');
    expect(await stateOf(h, visitId)).toBe('handover_pending');
  });

  it('offer while awaiting confirmation is FORBIDDEN; offer to oneself is BAD_REQUEST', async () => {
    const { visitId } = await visitForAna();
    await refusedWritingNothing(
      h,
      org,
      () => ana.as().escorts.offerHandover({ siteId: site, visitId, toStaffId: ben.id }),
      'FORBIDDEN',
    );
    await ana.as().escorts.confirm({ siteId: site, visitId });
    await refusedWritingNothing(
      h,
      org,
      () => ana.as().escorts.offerHandover({ siteId: site, visitId, toStaffId: ana.id }),
      'BAD_REQUEST',
    );
  });

  it('offer to an ineligible escort is CONFLICT naming why; going off duty withdraws an offer made to you', async () => {
    const dee = await makeEligibleEscort(h, scene, { name: 'Dee Late' });
    const { visitId } = await visitForAna();
    await ana.as().escorts.confirm({ siteId: site, visitId });
    await dee.as().staff.setDuty({ siteId: site, onDuty: false });
    await refusedWritingNothing(
      h,
      org,
      () => ana.as().escorts.offerHandover({ siteId: site, visitId, toStaffId: dee.id }),
      'CONFLICT',
      /Dee Late cannot escort: Is not on duty\./,
    );
    await dee.as().staff.setDuty({ siteId: site, onDuty: true });
    await ana.as().escorts.offerHandover({ siteId: site, visitId, toStaffId: dee.id });
    await dee.as().staff.setDuty({ siteId: site, onDuty: false });
    // The offer is withdrawn, so the visit is plainly escorted by Ana again and Dee has nothing to accept.
    expect(await stateOf(h, visitId)).toBe('escorted');
    await refusedWritingNothing(h, org, () => dee.as().escorts.acceptHandover({ siteId: site, visitId }), 'FORBIDDEN');
  });
});

describe('the escort signs the visitor out', () => {
  it('signed_out, the assignment ends as signed_out, audited as by staff', async () => {
    const { visitId, signedInAt } = await visitForAna();
    await ana.as(seconds(signedInAt, 10)).escorts.confirm({ siteId: site, visitId });
    const out = seconds(signedInAt, 600);
    await ana.as(out).escorts.signOut({ siteId: site, visitId });

    expect(await stateOf(h, visitId)).toBe('signed_out');
    const visit = await h.db.query.visit.findFirst({ where: (t, { eq }) => eq(t.id, visitId) });
    expect(visit?.signedOutAt).toEqual(out);
    const [a] = await assignmentsOf(h, visitId);
    expect(a).toMatchObject({ endedAt: out, endReason: 'signed_out' });
    expect(await auditOf('visit.signed_out', visitId)).toEqual([{ via: 'staff' }]);
    const detail = await scene.coordinator.as(seconds(signedInAt, 9999)).visits.detail({ siteId: site, visitId });
    expect(detail.unescortedSeconds).toBe(10);
  });

  it('during a pending handover, by the escort who holds the visitor (not the one offered)', async () => {
    const { visitId } = await visitForAna();
    await ana.as().escorts.confirm({ siteId: site, visitId });
    await ana.as().escorts.offerHandover({ siteId: site, visitId, toStaffId: ben.id });
    await refusedWritingNothing(h, org, () => ben.as().escorts.signOut({ siteId: site, visitId }), 'FORBIDDEN');
    await ana.as().escorts.signOut({ siteId: site, visitId });
    expect(await stateOf(h, visitId)).toBe('signed_out');
    const [a] = await assignmentsOf(h, visitId);
    expect(a).toMatchObject({ endReason: 'signed_out', offeredToStaffId: null });
  });
});
