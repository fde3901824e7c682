import { afterAll, describe, expect, it } from 'vitest';
import { createHarness, kioskScene, visitorInput } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

async function lastSeen(deviceId: string): Promise<Date | null> {
  const device = await h.db.query.kioskDevice.findFirst({ where: (t, { eq }) => eq(t.id, deviceId) });
  return device?.lastSeenAt ?? null;
}

describe("a kiosk's last seen time", () => {
  it('is set by its first request and then written at most once a minute, not by every sign-in', async () => {
    const scene = await kioskScene(h);
    const first = await lastSeen(scene.kiosk.deviceId);
    expect(first).toBeInstanceOf(Date);

    await scene.caller.visits.signIn(visitorInput(scene, { fullName: 'Ada Lovelace' }));
    await scene.caller.kiosk.status();
    expect(await lastSeen(scene.kiosk.deviceId)).toEqual(first);

    // A minute and more later the next request records it again.
    await h.handle.sql`
      update kiosk_device set last_seen_at = now() - interval '61 seconds' where id = ${scene.kiosk.deviceId}`;
    const before = Date.now();
    await scene.caller.visits.signIn(visitorInput(scene, { fullName: 'Alan Turing' }));
    const touched = await lastSeen(scene.kiosk.deviceId);
    expect(touched?.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('is refused with the token of a revoked tablet, whose last seen time stays as it was', async () => {
    const scene = await kioskScene(h);
    await h.handle.sql`
      update kiosk_device set revoked_at = now(), last_seen_at = now() - interval '2 hours'
       where id = ${scene.kiosk.deviceId}`;
    const stale = await lastSeen(scene.kiosk.deviceId);
    await expect(scene.caller.kiosk.status()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await lastSeen(scene.kiosk.deviceId)).toEqual(stale);
  });
});
