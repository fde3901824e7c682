import { randomUUID } from 'node:crypto';
import { insertVisitOnce } from '@threshold/db';
import { createTestSite } from '@threshold/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { NEUTRAL_SIGN_OUT_MISS } from '../domain/sign-out.ts';
import {
  auditRowsOfType,
  callerFor,
  createHarness,
  errorOf,
  httpCall,
  kioskScene,
  pairKioskAt,
  visitorInput,
} from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

async function visitByCode(organisationId: string, visitCode: string) {
  return h.db.query.visit.findFirst({
    where: (t, { and, eq }) => and(eq(t.organisationId, organisationId), eq(t.visitCode, visitCode)),
  });
}

/** A code built from the badge alphabet that is not `code`. */
function otherCode(code: string): string {
  return code.startsWith('A') ? `C${code.slice(1)}` : `A${code.slice(1)}`;
}

describe('visits.signOut', () => {
  it('signs the visitor out with the code from their badge and audits it', async () => {
    const scene = await kioskScene(h);
    const { organisation, kiosk, caller } = scene;
    const { visitCode } = await caller.visits.signIn(visitorInput(scene));
    const now = new Date('2030-01-02T15:04:05.000Z');

    await expect(callerFor(h, { kioskToken: kiosk.token, now }).visits.signOut({ visitCode })).resolves.toEqual({
      signedOut: true,
    });

    const row = await visitByCode(organisation.id, visitCode);
    expect(row?.state).toBe('signed_out');
    expect(row?.signedOutAt?.toISOString()).toBe(now.toISOString());

    const audit = await auditRowsOfType(h, organisation.id, 'visit.signed_out');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: 'kiosk',
      actorId: kiosk.deviceId,
      visitId: row?.id,
      data: { via: 'kiosk' },
    });
  });

  it('answers a second sign-out exactly like a code that was never issued', async () => {
    const scene = await kioskScene(h);
    const { organisation, kiosk, caller } = scene;
    const { visitCode } = await caller.visits.signIn(visitorInput(scene));
    await caller.visits.signOut({ visitCode });

    const again = await httpCall(
      h,
      { kioskToken: kiosk.token },
      {
        path: 'visits.signOut',
        type: 'mutation',
        input: { visitCode },
      },
    );
    const never = await httpCall(
      h,
      { kioskToken: kiosk.token },
      {
        path: 'visits.signOut',
        type: 'mutation',
        input: { visitCode: otherCode(visitCode) },
      },
    );
    expect(again.status).toBe(404);
    expect(errorOf(again)).toEqual(errorOf(never));
    expect(errorOf(again)).toMatchObject({
      message: NEUTRAL_SIGN_OUT_MISS,
      data: { code: 'NOT_FOUND', fieldErrors: [] },
    });
    expect(await auditRowsOfType(h, organisation.id, 'visit.signed_out')).toHaveLength(1);
  });

  it('does not sign out a visitor of another site, even in the same organisation', async () => {
    const scene = await kioskScene(h);
    const { organisation, site, caller } = scene;
    const { visitCode } = await caller.visits.signIn(visitorInput(scene));
    const otherSite = await createTestSite(h.db, site.organisationId, 'Annexe');
    const other = await pairKioskAt(h, otherSite, 'Annexe kiosk');

    await expect(callerFor(h, { kioskToken: other.token }).visits.signOut({ visitCode })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: NEUTRAL_SIGN_OUT_MISS,
    });
    expect((await visitByCode(organisation.id, visitCode))?.state).toBe('awaiting_escort');
  });

  it('does not sign out a visitor of another organisation', async () => {
    const first = await kioskScene(h);
    const second = await kioskScene(h);
    const { visitCode } = await first.caller.visits.signIn(visitorInput(first));
    await expect(second.caller.visits.signOut({ visitCode })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await visitByCode(first.organisation.id, visitCode))?.signedOutAt).toBeNull();
  });

  it('accepts the code in lower case, with spaces and dashes', async () => {
    const scene = await kioskScene(h);
    const { organisation, caller } = scene;
    const { visitCode } = await caller.visits.signIn(visitorInput(scene));
    const typed = ` ${visitCode.slice(0, 3).toLowerCase()} - ${visitCode.slice(3).toLowerCase()} `;
    await expect(caller.visits.signOut({ visitCode: typed })).resolves.toEqual({ signedOut: true });
    expect((await visitByCode(organisation.id, visitCode))?.state).toBe('signed_out');
  });

  it('rejects a code with characters badges never use as BAD_REQUEST, without counting it', async () => {
    const { kiosk } = await kioskScene(h);
    const res = await httpCall(
      h,
      { kioskToken: kiosk.token },
      {
        path: 'visits.signOut',
        type: 'mutation',
        input: { visitCode: 'ABC0O1' },
      },
    );
    expect(errorOf(res)).toMatchObject({ data: { code: 'BAD_REQUEST', fieldErrors: [{ path: 'visitCode' }] } });
  });

  it('lets a right code through after 4 wrong ones', async () => {
    const scene = await kioskScene(h);
    const { organisation, caller } = scene;
    const { visitCode } = await caller.visits.signIn(visitorInput(scene));
    for (let i = 0; i < 4; i++) {
      await expect(caller.visits.signOut({ visitCode: otherCode(visitCode) })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    await expect(caller.visits.signOut({ visitCode })).resolves.toEqual({ signedOut: true });
    expect((await visitByCode(organisation.id, visitCode))?.state).toBe('signed_out');
  });

  it('matches a reused code only to the visit still on site', async () => {
    const scene = await kioskScene(h);
    const { organisation, site, kiosk, caller } = scene;
    const { visitCode } = await caller.visits.signIn(visitorInput(scene, { fullName: 'First Visitor' }));
    await caller.visits.signOut({ visitCode });
    // Codes are unique only among visitors on site, so a later visitor may draw the same one.
    const later = await insertVisitOnce(h.db, {
      organisationId: organisation.id,
      siteId: site.id,
      kioskDeviceId: kiosk.deviceId,
      idempotencyKey: randomUUID(),
      visitorName: 'Later Visitor',
      visitorOrganisation: 'Elsewhere',
      category: 'donor',
      purpose: 'Delivery',
      hostName: 'Reception',
      hostStaffId: null,
      visitorEmail: null,
      language: 'en',
      state: 'awaiting_escort',
      visitCode,
      signedInAt: new Date(),
    });
    expect(later).not.toBeNull();

    await expect(caller.visits.signOut({ visitCode })).resolves.toEqual({ signedOut: true });
    const visits = await h.db.query.visit.findMany({ where: (t, { eq }) => eq(t.organisationId, organisation.id) });
    expect(visits.map((v) => [v.visitorName, v.state]).sort()).toEqual([
      ['First Visitor', 'signed_out'],
      ['Later Visitor', 'signed_out'],
    ]);
    expect(await auditRowsOfType(h, organisation.id, 'visit.signed_out')).toHaveLength(2);
  });
});
