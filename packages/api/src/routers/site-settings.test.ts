import type { UpdateSiteSettingsInput } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member, refused } from '../test-support/escort-harness.ts';
import {
  auditRowsOfType,
  createHarness,
  errorOf,
  httpCall,
  kioskScene,
  testPasswordHash,
} from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());
beforeAll(() => testPasswordHash());

async function adminScene() {
  const scene = await kioskScene(h);
  const admin = await member(h, scene.site, ['admin'], 'Ada Admin');
  const current = await admin.as().sites.get({ siteId: scene.site.id });
  const form: UpdateSiteSettingsInput = { siteId: scene.site.id, ...current.site, ...current.organisation };
  return { ...scene, admin, form };
}

describe('sites.get and sites.update', () => {
  it('shows the settings, saves what changed, and the kiosk follows', async () => {
    const scene = await adminScene();
    expect(scene.form).toEqual({
      siteId: scene.site.id,
      name: scene.site.name,
      timezone: 'Europe/London',
      concealed: false,
      visitorCategories: [
        'researcher',
        'donor',
        'sponsor',
        'volunteer',
        'student_placement',
        'professional_other_agency',
        'contractor',
        'other',
      ],
      idleTimeoutSeconds: 60,
      badgeReturnSeconds: 20,
      signatureValidMonths: 0,
      badgeFormat: 'label-62mm',
      escortConfirmSeconds: 300,
      expectedVisitMinutes: 120,
      closingTime: '20:00',
      escortTrainingValidMonths: 6,
      escortConfirmTargetMinutes: 10,
    });

    const result = await scene.admin.as().sites.update({
      ...scene.form,
      name: 'Harbour House (refuge)',
      timezone: 'Asia/Phnom_Penh',
      concealed: true,
      visitorCategories: ['contractor', 'volunteer'],
      idleTimeoutSeconds: 90,
      badgeReturnSeconds: 45,
      escortTrainingValidMonths: 12,
    });
    expect(result.changed).toEqual([
      'name',
      'timezone',
      'concealed',
      'visitorCategories',
      'idleTimeoutSeconds',
      'badgeReturnSeconds',
      'escortTrainingValidMonths',
    ]);
    expect(await scene.admin.as().sites.get({ siteId: scene.site.id })).toMatchObject({
      site: {
        name: 'Harbour House (refuge)',
        timezone: 'Asia/Phnom_Penh',
        visitorCategories: ['contractor', 'volunteer'],
      },
      organisation: { escortTrainingValidMonths: 12, escortConfirmTargetMinutes: 10 },
    });
    expect(await scene.caller.kiosk.status()).toMatchObject({
      siteName: null,
      categories: ['contractor', 'volunteer'],
      idleTimeoutSeconds: 90,
      badgeReturnSeconds: 45,
    });

    const siteRows = await auditRowsOfType(h, scene.organisation.id, 'site.settings_changed');
    const orgRows = await auditRowsOfType(h, scene.organisation.id, 'organisation.settings_changed');
    expect(siteRows.map((r) => [r.actorId, r.siteId, r.data])).toEqual([
      [
        scene.admin.id,
        scene.site.id,
        { fields: ['name', 'timezone', 'concealed', 'visitorCategories', 'idleTimeoutSeconds', 'badgeReturnSeconds'] },
      ],
    ]);
    expect(orgRows.map((r) => r.data)).toEqual([{ fields: ['escortTrainingValidMonths'] }]);
    // Names of fields, never their values: a concealed site's name stays out of the trail.
    expect(JSON.stringify(siteRows)).not.toContain('Harbour');

    // Saving the form unchanged writes nothing.
    const again = await scene.admin.as().sites.get({ siteId: scene.site.id });
    expect(
      await scene.admin.as().sites.update({ siteId: scene.site.id, ...again.site, ...again.organisation }),
    ).toEqual({ changed: [] });
    expect(await auditRowsOfType(h, scene.organisation.id, 'site.settings_changed')).toHaveLength(1);
  });

  it('refuses bad values with an error per field, and saves none of them', async () => {
    const scene = await adminScene();
    const bad = {
      ...scene.form,
      name: '   ',
      timezone: 'Mars/Olympus_Mons',
      visitorCategories: [],
      idleTimeoutSeconds: 5,
      badgeReturnSeconds: 10,
      signatureValidMonths: 1.5,
      badgeFormat: 'a4',
      escortConfirmSeconds: 86_400,
      expectedVisitMinutes: -1,
      escortTrainingValidMonths: 0,
      escortConfirmTargetMinutes: 1000,
    };
    const res = await httpCall(
      h,
      { cookie: scene.admin.cookie },
      { path: 'sites.update', type: 'mutation', input: bad },
    );
    expect(res.status).toBe(400);
    expect(errorOf(res).data.fieldErrors).toMatchObject([
      { path: 'name', message: 'Give the site a name' },
      { path: 'timezone', message: 'Choose a time zone from the list, such as Europe/London' },
      { path: 'visitorCategories', message: 'The kiosk must offer at least one category' },
      { path: 'idleTimeoutSeconds', message: 'Enter a whole number of seconds from 20 to 600' },
      { path: 'badgeReturnSeconds', message: 'Enter a whole number of seconds from 20 to 120' },
      { path: 'signatureValidMonths', message: 'Enter a whole number of months from 0 to 24' },
      { path: 'badgeFormat', message: 'Choose a badge format' },
      { path: 'escortConfirmSeconds', message: 'Enter a whole number of seconds from 60 to 3600' },
      { path: 'expectedVisitMinutes', message: 'Enter a whole number of minutes from 15 to 1440' },
      { path: 'escortTrainingValidMonths', message: 'Enter a whole number of months from 1 to 36' },
      { path: 'escortConfirmTargetMinutes', message: 'Enter a whole number of minutes from 1 to 120' },
    ]);

    for (const [field, value] of [
      ['timezone', '+01:00'],
      ['timezone', 'Europe/../../etc'],
      ['visitorCategories', ['donor', 'donor']],
      ['visitorCategories', ['donor', 'astronaut']],
      ['badgeReturnSeconds', 121],
      ['badgeReturnSeconds', 19],
    ] as const) {
      const one = await httpCall(
        h,
        { cookie: scene.admin.cookie },
        { path: 'sites.update', type: 'mutation', input: { ...scene.form, [field]: value } },
      );
      expect(
        errorOf(one).data.fieldErrors.map((f) => f.path.split('.')[0]),
        `${field} ${value}`,
      ).toEqual([field]);
    }
    expect(await scene.admin.as().sites.get({ siteId: scene.site.id })).toEqual({
      site: expect.objectContaining({ timezone: 'Europe/London', idleTimeoutSeconds: 60 }),
      organisation: { escortTrainingValidMonths: 6, escortConfirmTargetMinutes: 10 },
    });
    expect(await auditRowsOfType(h, scene.organisation.id, 'site.settings_changed')).toHaveLength(0);
  });

  it('is for admins of the site only', async () => {
    const scene = await adminScene();
    const elsewhere = await kioskScene(h);
    const others = [
      await member(h, scene.site, ['coordinator']),
      await member(h, scene.site, ['reception', 'escort']),
      await member(h, elsewhere.site, ['admin']),
    ];
    for (const who of others) {
      await refused(who.as().sites.get({ siteId: scene.site.id }), 'FORBIDDEN');
      await refused(who.as().sites.update({ ...scene.form, name: 'Taken over' }), 'FORBIDDEN');
    }
    await refused(scene.caller.sites.get({ siteId: scene.site.id }), 'UNAUTHORIZED');
    expect((await scene.admin.as().sites.get({ siteId: scene.site.id })).site.name).toBe(scene.site.name);
  });
});
