import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { auditRowsOfType, createHarness, kioskScene, visitorInput } from '../test-support/harness.ts';

// Sign-outs a tablet kept through an outage: sent again with the same key, and with the time the visitor left.
const h = createHarness();
afterAll(() => h.close());

async function visitByCode(organisationId: string, visitCode: string) {
  return h.db.query.visit.findFirst({
    where: (t, { and, eq }) => and(eq(t.organisationId, organisationId), eq(t.visitCode, visitCode)),
  });
}

describe('visits.signOut with a key and a time', () => {
  it('succeeds again when sent again with the same key, changing nothing the second time', async () => {
    const scene = await kioskScene(h);
    const { visitCode } = await scene.caller.visits.signIn(visitorInput(scene));
    const idempotencyKey = randomUUID();
    await expect(scene.caller.visits.signOut({ visitCode, idempotencyKey })).resolves.toEqual({ signedOut: true });
    const first = await visitByCode(scene.organisation.id, visitCode);
    await expect(scene.caller.visits.signOut({ visitCode, idempotencyKey })).resolves.toEqual({ signedOut: true });
    const again = await visitByCode(scene.organisation.id, visitCode);
    expect(again?.signedOutAt?.toISOString()).toBe(first?.signedOutAt?.toISOString());
    expect(await auditRowsOfType(h, scene.organisation.id, 'visit.signed_out')).toHaveLength(1);
  });

  it('recognises a sign-out sent again by its key at once, even while the kiosk is paced for wrong codes', async () => {
    const scene = await kioskScene(h);
    const { visitCode } = await scene.caller.visits.signIn(visitorInput(scene));
    const idempotencyKey = randomUUID();
    await scene.caller.visits.signOut({ visitCode, idempotencyKey });
    // The device's next slot is a minute away (as after a flood of wrong codes).
    await h.handle.sql`
      insert into rate_limit (key, window_started_at, count)
      values (${`kiosk-sign-out-pace:${scene.kiosk.deviceId}`}, now() + interval '1 minute', 99)
      on conflict (key) do update set window_started_at = excluded.window_started_at`;
    const started = performance.now();
    await expect(scene.caller.visits.signOut({ visitCode, idempotencyKey })).resolves.toEqual({ signedOut: true });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('without the key, a second sign-out with the same code is the neutral miss, as before', async () => {
    const scene = await kioskScene(h);
    const { visitCode } = await scene.caller.visits.signIn(visitorInput(scene));
    await scene.caller.visits.signOut({ visitCode, idempotencyKey: randomUUID() });
    await expect(scene.caller.visits.signOut({ visitCode, idempotencyKey: randomUUID() })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('records the time the visitor confirmed, never before they signed in and never in the future', async () => {
    const scene = await kioskScene(h);
    const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
    await h.handle
      .sql`update kiosk_device set paired_at = ${minutesAgo(60).toISOString()} where id = ${scene.kiosk.deviceId}`;
    const inside = await scene.caller.visits.signIn(
      visitorInput(scene, { fullName: 'Left Earlier', signedAt: minutesAgo(30) }),
    );
    const leftAt = minutesAgo(10);
    await scene.caller.visits.signOut({ visitCode: inside.visitCode, signedOutAt: leftAt });
    expect((await visitByCode(scene.organisation.id, inside.visitCode))?.signedOutAt?.toISOString()).toBe(
      leftAt.toISOString(),
    );

    const early = await scene.caller.visits.signIn(visitorInput(scene, { fullName: 'Clock Behind' }));
    await scene.caller.visits.signOut({ visitCode: early.visitCode, signedOutAt: new Date(Date.now() - 3_600_000) });
    expect((await visitByCode(scene.organisation.id, early.visitCode))?.signedOutAt?.toISOString()).toBe(
      early.signedInAt.toISOString(),
    );

    const ahead = await scene.caller.visits.signIn(visitorInput(scene, { fullName: 'Clock Ahead' }));
    await scene.caller.visits.signOut({ visitCode: ahead.visitCode, signedOutAt: new Date(Date.now() + 3_600_000) });
    const stored = (await visitByCode(scene.organisation.id, ahead.visitCode))?.signedOutAt;
    expect(stored?.getTime()).toBeLessThanOrEqual(Date.now());
  });
});
