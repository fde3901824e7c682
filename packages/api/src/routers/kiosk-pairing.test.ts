import { createHash } from 'node:crypto';
import { revokeKioskDevice } from '@threshold/db';
import { createTestOrganisation } from '@threshold/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createPairingCode } from '../domain/kiosk-pairing.ts';
import { callerFor, countsFor, createHarness, kioskScene, visitorInput } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const MINUTE = 60_000;

async function freshCode(now = new Date()) {
  const { organisation, site } = await createTestOrganisation(h.db);
  const created = await createPairingCode(h.db, {
    siteId: site.id,
    organisationId: organisation.id,
    createdByStaffId: null,
    now,
  });
  return { organisation, site, ...created };
}

describe('kiosk.pair', () => {
  it('pairs once with a fresh code: the token works and the device belongs to the code’s site', async () => {
    const { site, code, expiresAt } = await freshCode();
    expect(code).toMatch(/^\d{6}$/);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(9 * MINUTE);

    const paired = await callerFor(h).kiosk.pair({ code, deviceName: '  Front desk  ' });
    expect(paired.token.length).toBeGreaterThanOrEqual(43);

    const status = await callerFor(h, { kioskToken: paired.token }).kiosk.status();
    expect(status.deviceName).toBe('Front desk');
    expect(status.categories).toContain('researcher');

    const device = await h.db.query.kioskDevice.findFirst({ where: (t, { eq }) => eq(t.id, paired.deviceId) });
    expect(device?.siteId).toBe(site.id);
    expect(device?.revokedAt).toBeNull();
    expect(device?.lastSeenAt).toBeInstanceOf(Date);
  });

  it('refuses a code that has already been used', async () => {
    const { code } = await freshCode();
    await callerFor(h).kiosk.pair({ code });
    await expect(callerFor(h).kiosk.pair({ code })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('not valid'),
    });
  });

  it('lets only one of many simultaneous uses of a code succeed', async () => {
    const { site, code } = await freshCode();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => callerFor(h).kiosk.pair({ code })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'NOT_FOUND' });
    const devices = await h.db.query.kioskDevice.findMany({ where: (t, { eq }) => eq(t.siteId, site.id) });
    expect(devices).toHaveLength(1);
  });

  it('accepts a code within its ten minutes and refuses it after', async () => {
    const issuedAt = new Date();
    const late = await freshCode(issuedAt);
    await expect(
      callerFor(h, { now: new Date(issuedAt.getTime() + 11 * MINUTE) }).kiosk.pair({ code: late.code }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const lateDevices = await h.db.query.kioskDevice.findMany({ where: (t, { eq }) => eq(t.siteId, late.site.id) });
    expect(lateDevices).toHaveLength(0);

    const inTime = await freshCode(issuedAt);
    const paired = await callerFor(h, { now: new Date(issuedAt.getTime() + 9 * MINUTE) }).kiosk.pair({
      code: inTime.code,
    });
    expect(paired.deviceId).toEqual(expect.any(String));
  });

  it('answers NOT_FOUND to a code that was never issued', async () => {
    // A fresh code's neighbour is, with overwhelming likelihood, not an open code.
    const { code } = await freshCode();
    const wrong = ((Number(code) + 500_000) % 1_000_000).toString().padStart(6, '0');
    await expect(callerFor(h).kiosk.pair({ code: wrong })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects a malformed code as BAD_REQUEST before looking it up', async () => {
    await expect(callerFor(h).kiosk.pair({ code: '12345' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(callerFor(h).kiosk.pair({ code: 'abcdef' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('stores only the SHA-256 of the device token and of the pairing code', async () => {
    const { site, code } = await freshCode();
    const { token, deviceId } = await callerFor(h).kiosk.pair({ code });

    const [device] = await h.handle.sql<{ token_hash: string; whole: string }[]>`
      select token_hash, k::text as whole from kiosk_device k where id = ${deviceId}`;
    expect(device?.token_hash).toBe(sha256(token));
    expect(device?.whole).not.toContain(token);

    const [pairing] = await h.handle.sql<{ code_hash: string; whole: string; device_id: string }[]>`
      select code_hash, device_id, p::text as whole from kiosk_pairing_code p where site_id = ${site.id}`;
    expect(pairing?.code_hash).toBe(sha256(code));
    expect(pairing?.device_id).toBe(deviceId);
    expect(pairing?.whole).not.toContain(`,${code},`);
  });

  it('records the pairing in the audit trail', async () => {
    const { organisation, code } = await freshCode();
    const { deviceId } = await callerFor(h).kiosk.pair({ code });
    const rows = await h.db.query.auditEvent.findMany({
      where: (t, { eq }) => eq(t.organisationId, organisation.id),
      orderBy: (t, { asc }) => [asc(t.id)],
    });
    expect(rows.map((r) => r.type)).toEqual(['kiosk.pairing_code_created', 'kiosk.paired']);
    expect(rows[1]).toMatchObject({ actorType: 'kiosk', actorId: deviceId, data: { deviceId } });
  });
});

describe('kiosk bearer tokens', () => {
  it('stop working once the device is revoked', async () => {
    const scene = await kioskScene(h);
    const { organisation, kiosk, caller } = scene;
    await expect(caller.kiosk.status()).resolves.toMatchObject({ deviceName: 'Test kiosk' });

    await revokeKioskDevice(h.db, { siteId: scene.site.id, deviceId: kiosk.deviceId, now: new Date() });
    const before = await countsFor(h, organisation.id);
    await expect(caller.kiosk.status()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller.kiosk.documents({ language: 'en' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller.visits.signIn(visitorInput(scene))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller.visits.signOut({ visitCode: 'ACDEFG' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await countsFor(h, organisation.id)).toEqual(before);
  });

  it.each([
    ['no Authorization header', {}],
    ['an empty bearer token', { authorization: 'Bearer ' }],
    ['a garbage bearer token', { kioskToken: 'not-a-real-token' }],
    ['a token under another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('are required: %s is UNAUTHORIZED', async (_label, identity) => {
    const scene = await kioskScene(h);
    const caller = callerFor(h, identity);
    await expect(caller.kiosk.status()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller.kiosk.documents({ language: 'en' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller.visits.signIn(visitorInput(scene))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await countsFor(h, scene.organisation.id)).toMatchObject({ visits: 0, signatures: 0, outbox: 0 });
  });

  it('are not accepted as a hash: presenting the stored hash is UNAUTHORIZED', async () => {
    const { kiosk } = await kioskScene(h);
    await expect(callerFor(h, { kioskToken: sha256(kiosk.token) }).kiosk.status()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
