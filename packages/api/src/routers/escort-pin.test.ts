import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIN_REFUSED } from '../domain/escort/pin.ts';
import {
  anotherKiosk,
  assignmentsOf,
  type EscortScene,
  escortScene,
  givePin,
  makeEligibleEscort,
  refused,
  refusedWritingNothing,
  signInVisitor,
  stateOf,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, testPasswordHash } from '../test-support/harness.ts';

// Enough connections for the parallel burst to really run side by side.
const h = createHarness({ max: 8 });
afterAll(() => h.close());

let scene: EscortScene;
let org: string;

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  org = scene.organisation.id;
});

/** A new eligible escort with `pin`, and a visitor who typed them as host (assigned, unconfirmed). */
async function escortAwaiting(name: string, pin: string) {
  const escort = await makeEligibleEscort(h, scene, { name });
  await givePin(escort, pin);
  const visit = await signInVisitor(h, scene, { hostName: name });
  return { escort, ...visit };
}

const codeOf = (r: PromiseSettledResult<unknown>) =>
  r.status === 'fulfilled' ? 'OK' : r.reason instanceof TRPCError ? r.reason.code : String(r.reason);

describe('kiosk.confirmEscortWithPin', () => {
  it('with the assigned escort’s PIN: escorted via kiosk_pin, and the badge gets “First L.”', async () => {
    const { escort, visitId, visitCode } = await escortAwaiting('Ana Maria Silva', '135790');
    const now = new Date(Date.now() + 30_000);
    // The code is accepted as printed on the badge, in any case and with a dash.
    const typed = `${visitCode.slice(0, 3).toLowerCase()}-${visitCode.slice(3)}`;
    const result = await scene.kioskAs(now).kiosk.confirmEscortWithPin({ visitCode: typed, pin: '135790' });

    expect(result).toEqual({ escortName: 'Ana S.' });
    expect(await stateOf(h, visitId)).toBe('escorted');
    const [a] = await assignmentsOf(h, visitId);
    expect(a).toMatchObject({ staffId: escort.id, confirmedAt: now, confirmedVia: 'kiosk_pin' });
    const audit = (await auditRowsOfType(h, org, 'escort.confirmed')).filter((r) => r.visitId === visitId);
    expect(audit.map((r) => [r.actorType, r.actorId, r.data])).toEqual([
      ['staff', escort.id, { staffId: escort.id, via: 'kiosk_pin' }],
    ]);
  });

  it('with a wrong PIN: NOT_FOUND with the neutral message, naming no one, writing nothing', async () => {
    const { visitId, visitCode } = await escortAwaiting('Ben Okoro', '112233');
    const err = await refusedWritingNothing(
      h,
      org,
      () => scene.kioskAs().kiosk.confirmEscortWithPin({ visitCode, pin: '332211' }),
      'NOT_FOUND',
    );
    expect(err.message).toBe(PIN_REFUSED);
    expect(err.message).toMatch(/not right/);
    expect(err.message).not.toMatch(/Ben|Okoro/);
    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
  });

  it('for a visit with no assignment, or an unknown code, or an escort with no PIN: the same NOT_FOUND', async () => {
    const nobody = await signInVisitor(h, scene);
    const noPin = await makeEligibleEscort(h, scene, { name: 'Cy Nopin' });
    const visitOfNoPin = await signInVisitor(h, scene, { hostName: 'Cy Nopin' });
    const kiosk = await anotherKiosk(h, scene, 'Side door');
    for (const visitCode of [nobody.visitCode, 'ZZZZZZ', visitOfNoPin.visitCode]) {
      const err = await refusedWritingNothing(
        h,
        org,
        () => kiosk.kiosk.confirmEscortWithPin({ visitCode, pin: '000000' }),
        'NOT_FOUND',
      );
      expect(err.message).toBe(PIN_REFUSED);
    }
    expect((await assignmentsOf(h, visitOfNoPin.visitId))[0]).toMatchObject({ staffId: noPin.id, confirmedAt: null });
  });

  it('evaluates at most 5 of 50 parallel wrong PINs from one kiosk, then refuses the right PIN too', async () => {
    const { visitId, visitCode } = await escortAwaiting('Dee Diaz', '987654');
    const kiosk = await anotherKiosk(h, scene, 'Busy lobby');
    const wrong = Array.from({ length: 50 }, (_, i) => String(100000 + i));
    const results = await Promise.allSettled(wrong.map((pin) => kiosk.kiosk.confirmEscortWithPin({ visitCode, pin })));
    const codes = results.map(codeOf);
    const evaluated = codes.filter((c) => c === 'NOT_FOUND').length;
    const limited = codes.filter((c) => c === 'TOO_MANY_REQUESTS').length;
    expect(evaluated).toBeGreaterThan(0);
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(evaluated + limited).toBe(50);

    await refused(kiosk.kiosk.confirmEscortWithPin({ visitCode, pin: '987654' }), 'TOO_MANY_REQUESTS');
    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
  });

  it('locks an escort after 5 wrong PINs spread over two kiosks, on a third kiosk, audited once', async () => {
    const { escort, visitId, visitCode } = await escortAwaiting('Eve Evans', '246813');
    const [k1, k2, k3] = await Promise.all([
      anotherKiosk(h, scene, 'North'),
      anotherKiosk(h, scene, 'South'),
      anotherKiosk(h, scene, 'East'),
    ]);
    for (const [kiosk, pin] of [
      [k1, '000001'],
      [k1, '000002'],
      [k1, '000003'],
      [k2, '000004'],
      [k2, '000005'],
    ] as const) {
      await refused(kiosk.kiosk.confirmEscortWithPin({ visitCode, pin }), 'NOT_FOUND');
    }
    expect(await auditRowsOfType(h, org, 'staff.pin_locked')).toEqual([]);

    // The right PIN on a fresh kiosk is refused now, and again.
    await refused(k3.kiosk.confirmEscortWithPin({ visitCode, pin: '246813' }), 'TOO_MANY_REQUESTS');
    await refused(k3.kiosk.confirmEscortWithPin({ visitCode, pin: '246813' }), 'TOO_MANY_REQUESTS');
    expect(await stateOf(h, visitId)).toBe('awaiting_escort');
    const locked = await auditRowsOfType(h, org, 'staff.pin_locked');
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ actorType: 'kiosk', visitId, data: { staffId: escort.id } });

    // Another escort at the same kiosk is not affected.
    const fay = await escortAwaiting('Fay Fine', '135246');
    expect(await k3.kiosk.confirmEscortWithPin({ visitCode: fay.visitCode, pin: '135246' })).toEqual({
      escortName: 'Fay F.',
    });
    // The locked escort can still confirm on their phone.
    await escort.as().escorts.confirm({ siteId: scene.site.id, visitId });
    expect(await stateOf(h, visitId)).toBe('escorted');
  });
});

describe('staff.setPin', () => {
  it('stores the PIN as argon2id (OWASP costs), never the PIN itself; a new PIN replaces the old', async () => {
    const { escort, visitCode, visitId } = await escortAwaiting('Gus Green', '314159');
    const [row] = await h.handle.sql<{ pin_hash: string }[]>`
      select pin_hash from staff_pin where staff_id = ${escort.id}`;
    const hash = row?.pin_hash ?? '';
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(hash).not.toContain('314159');
    const cost = /\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(hash);
    expect(Number(cost?.[1])).toBeGreaterThanOrEqual(19_456);
    expect(Number(cost?.[2])).toBeGreaterThanOrEqual(2);
    const setAudit = (await auditRowsOfType(h, org, 'staff.pin_set')).filter((r) => r.actorId === escort.id);
    expect(setAudit.map((r) => r.data)).toEqual([{}]);

    await givePin(escort, '271828');
    const kiosk = await anotherKiosk(h, scene, 'Rear');
    await refused(kiosk.kiosk.confirmEscortWithPin({ visitCode, pin: '314159' }), 'NOT_FOUND');
    await kiosk.kiosk.confirmEscortWithPin({ visitCode, pin: '271828' });
    expect(await stateOf(h, visitId)).toBe('escorted');
  });

  it.each(['12345', '1234567', 'abcdef', '12 456'])('refuses %j as a PIN (BAD_REQUEST)', async (pin) => {
    const escort = await makeEligibleEscort(h, scene, { name: 'Hal Bad' });
    await refused(escort.as().staff.setPin({ pin }), 'BAD_REQUEST');
    expect((await escort.as().staff.myStatus({ siteId: scene.site.id })).hasPin).toBe(false);
  });
});
