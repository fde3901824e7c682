import { revokeKioskDevice } from '@threshold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EscortScene, escortScene, type Member, member } from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, errorOf, httpCall, pairKioskAt } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let admin: Member;

beforeAll(async () => {
  scene = await escortScene(h);
  admin = await member(h, scene.site, ['admin'], 'Ada Admin');
});

const nameOf = async (deviceId: string) =>
  (await h.db.query.kioskDevice.findFirst({ where: (t, { eq }) => eq(t.id, deviceId) }))?.name;

describe('kiosk.renameDevice', () => {
  it('renames an active kiosk and audits it', async () => {
    const kiosk = await pairKioskAt(h, scene.site, 'Tablet one');
    await admin.as().kiosk.renameDevice({ siteId: scene.site.id, deviceId: kiosk.deviceId, name: 'Front desk' });
    expect(await nameOf(kiosk.deviceId)).toBe('Front desk');
    const audit = await auditRowsOfType(h, scene.organisation.id, 'kiosk.renamed');
    expect(audit.map((r) => r.data)).toContainEqual({ deviceId: kiosk.deviceId });
  });

  it('refuses a revoked kiosk naming the device field, and changes nothing', async () => {
    const kiosk = await pairKioskAt(h, scene.site, 'Old tablet');
    await revokeKioskDevice(h.db, { siteId: scene.site.id, deviceId: kiosk.deviceId, now: new Date() });
    const audited = (await auditRowsOfType(h, scene.organisation.id, 'kiosk.renamed')).length;

    const res = await httpCall(
      h,
      { cookie: admin.cookie },
      {
        path: 'kiosk.renameDevice',
        type: 'mutation',
        input: { siteId: scene.site.id, deviceId: kiosk.deviceId, name: 'Garden entrance' },
      },
    );
    expect(res.status).toBe(409);
    const err = errorOf(res);
    expect(err.data.fieldErrors).toEqual([
      {
        path: 'deviceId',
        key: 'deviceId.revoked',
        message: 'This kiosk was revoked, so it cannot be renamed. Pair the tablet again to use it.',
      },
    ]);
    expect(err.message).not.toMatch(/deviceId/);
    expect(await nameOf(kiosk.deviceId)).toBe('Old tablet');
    expect((await auditRowsOfType(h, scene.organisation.id, 'kiosk.renamed')).length).toBe(audited);
  });
});
