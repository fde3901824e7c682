import { visitCodeAlphabet } from '@threshold/validators';
import { afterAll, describe, expect, it } from 'vitest';
import { RESERVED_CODES } from '../domain/visit-codes.ts';
import {
  callerFor,
  createHarness,
  createStaffWithPassword,
  kioskScene,
  pairKioskAt,
  sessionCookie,
} from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

const beat = (usedThroughSeq = 0, queued = 0, queuedSince: Date | null = null) => ({
  queued,
  queuedSince,
  usedThroughSeq,
});

describe('kiosk.heartbeat', () => {
  it('hands the tablet its reserved codes in order, the same ones until it uses them, then tops them up', async () => {
    const scene = await kioskScene(h);
    const first = await scene.caller.kiosk.heartbeat(beat());
    expect(first.codes.map((c) => c.seq)).toEqual(Array.from({ length: RESERVED_CODES }, (_, i) => i + 1));
    expect(first.codes.every((c) => new RegExp(`^[${visitCodeAlphabet}]{6}$`).test(c.code))).toBe(true);
    expect(new Set(first.codes.map((c) => c.code)).size).toBe(RESERVED_CODES);
    expect(Math.abs(first.serverTime.getTime() - Date.now())).toBeLessThan(5000);

    expect((await scene.caller.kiosk.heartbeat(beat())).codes).toEqual(first.codes);

    // Three used offline (not delivered yet): they stay reserved, and the tablet gets three more after them.
    const topped = await scene.caller.kiosk.heartbeat(beat(3));
    expect(topped.codes.map((c) => c.seq)).toEqual(Array.from({ length: RESERVED_CODES }, (_, i) => i + 4));
    expect(topped.codes.slice(0, RESERVED_CODES - 3)).toEqual(first.codes.slice(3));
    const [held] = await h.handle.sql<{ n: number }[]>`
      select count(*)::int as n from kiosk_visit_code where device_id = ${scene.kiosk.deviceId}`;
    expect(held?.n).toBe(RESERVED_CODES + 3);
  });

  it('gives two tablets at a site different codes', async () => {
    const scene = await kioskScene(h);
    const other = await pairKioskAt(h, scene.site, 'Second tablet');
    const mine = await scene.caller.kiosk.heartbeat(beat());
    const theirs = await callerFor(h, { kioskToken: other.token }).kiosk.heartbeat(beat());
    const overlap = mine.codes.filter((c) => theirs.codes.some((t) => t.code === c.code));
    expect(overlap).toEqual([]);
  });

  it('refuses a report that is not a count', async () => {
    const scene = await kioskScene(h);
    await expect(scene.caller.kiosk.heartbeat({ ...beat(), queued: -1 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('kiosk.health', () => {
  it('tells the desk which tablets are online, offline, never heard from, and what they hold unsent', async () => {
    const scene = await kioskScene(h);
    const quiet = await pairKioskAt(h, scene.site, 'Garden door');
    const away = await pairKioskAt(h, scene.site, 'Back office');
    const revoked = await pairKioskAt(h, scene.site, 'Old tablet');
    const since = new Date(Date.now() - 5 * 60_000);
    await scene.caller.kiosk.heartbeat(beat(0, 3, since));
    await callerFor(h, { kioskToken: away.token }).kiosk.heartbeat(beat());
    await h.handle.sql`update kiosk_device set heartbeat_at = now() - interval '2 minutes' where id = ${away.deviceId}`;
    await h.handle.sql`update kiosk_device set revoked_at = now() where id = ${revoked.deviceId}`;

    const reception = await createStaffWithPassword(h, {
      organisationId: scene.organisation.id,
      siteId: scene.site.id,
      roles: ['reception'],
    });
    const desk = callerFor(h, { cookie: await sessionCookie(h, reception.email) });
    const tablets = await desk.kiosk.health({ siteId: scene.site.id });
    expect(tablets.map((t) => [t.name, t.state, t.queuedCount])).toEqual([
      ['Back office', 'offline', 0],
      ['Garden door', 'never', 0],
      ['Test kiosk', 'online', 3],
    ]);
    expect(tablets.find((t) => t.id === scene.kiosk.deviceId)?.queuedSince?.toISOString()).toBe(since.toISOString());
    expect(tablets.find((t) => t.id === quiet.deviceId)?.heartbeatAt).toBeNull();
  });

  it('follows the server’s heartbeat period: the tablet is told it, and is offline after three missed beats', async () => {
    const scene = await kioskScene(h);
    const fast = { kioskToken: scene.kiosk.token, kioskHeartbeatSeconds: 5 };
    expect((await callerFor(h, fast).kiosk.heartbeat(beat())).heartbeatSeconds).toBe(5);
    expect((await scene.caller.kiosk.heartbeat(beat())).heartbeatSeconds).toBe(30);
    await h.handle
      .sql`update kiosk_device set heartbeat_at = now() - interval '20 seconds' where id = ${scene.kiosk.deviceId}`;

    const reception = await createStaffWithPassword(h, {
      organisationId: scene.organisation.id,
      siteId: scene.site.id,
      roles: ['reception'],
    });
    const cookie = await sessionCookie(h, reception.email);
    const stateAt = async (kioskHeartbeatSeconds?: number) =>
      (
        await callerFor(h, kioskHeartbeatSeconds ? { cookie, kioskHeartbeatSeconds } : { cookie }).kiosk.health({
          siteId: scene.site.id,
        })
      ).find((t) => t.id === scene.kiosk.deviceId)?.state;
    // 20 s: four beats missed at 5 s; not one at the default half minute.
    expect(await stateAt(5)).toBe('offline');
    expect(await stateAt()).toBe('online');
  });
});
