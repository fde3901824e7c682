import { revokeKioskDevice } from '@threshold/db';
import { createTestSite } from '@threshold/db/testing';
import { createPairingCode } from '../domain/kiosk-pairing.ts';
import {
  alertsOf,
  type EscortScene,
  escortScene,
  givePin,
  makeEligibleEscort,
  member,
  signInVisitor,
} from '../test-support/escort-harness.ts';
import { type Harness, pairKioskAt, testPasswordHash, visitorInput } from '../test-support/harness.ts';
import { createDeskFixtures, type DeskFixtures } from './desk-fixtures.ts';
import { type DisplayFixtures, displayFixtures } from './display-fixtures.ts';
import { everyone, type Who } from './identities.ts';

export interface Fixtures {
  scene: EscortScene;
  site: string;
  otherSite: string;
  headers: Record<Who, Record<string, string>>;
  ids: Record<'escort' | 'colleague' | 'throwaway', string>;
  pairingCodes: Record<Who, string>;
  visit: Record<
    'confirm' | 'accept' | 'escortOut' | 'pin' | 'board' | 'kioskOut',
    { visitId: string; visitCode: string }
  >;
  alertId: string;
  messageId: string;
  policyId: string;
  pin: string;
  devices: { revoked: string; spare: string };
  desk: DeskFixtures;
  displays: DisplayFixtures;
}
/** One site with every kind of caller, and a record for each procedure to act on. */
export async function createFixtures(h: Harness): Promise<Fixtures> {
  await testPasswordHash();
  const scene = await escortScene(h);
  const site = scene.site.id;
  const otherSite = await createTestSite(h.db, scene.organisation.id, 'Other site');
  const [escort, colleague, throwaway, reception, admin, otherCoordinator] = await Promise.all([
    makeEligibleEscort(h, scene, { name: 'Ana Silva' }),
    makeEligibleEscort(h, scene, { name: 'Ben Okoro' }),
    makeEligibleEscort(h, scene, { name: 'Cy Tan' }),
    member(h, scene.site, ['reception'], 'Rae Reception'),
    member(h, scene.site, ['admin'], 'Adi Admin'),
    member(h, { id: otherSite.id, organisationId: scene.organisation.id }, ['coordinator'], 'Oz Other'),
  ]);
  const revoked = await pairKioskAt(h, scene.site, 'Revoked kiosk');
  await revokeKioskDevice(h.db, { siteId: scene.site.id, deviceId: revoked.deviceId, now: new Date() });
  // A kiosk for admins to revoke (each allowed call gets its own, so a second revocation is not a NOT_FOUND).
  const spare = await pairKioskAt(h, scene.site, 'Spare kiosk');
  const pin = await givePin(escort, '135790');

  const visitFor = (hostName: string) => signInVisitor(h, scene, { hostName });
  const visit = {
    confirm: await visitFor('Ana Silva'),
    accept: await visitFor('Ben Okoro'),
    escortOut: await visitFor('Ana Silva'),
    pin: await visitFor('Ana Silva'),
    board: await visitFor('Nobody Here'),
    kioskOut: await visitFor('Nobody Here'),
  };
  // Ben holds `accept` and offers it to Ana; Ana is with `escortOut`.
  await colleague.as().escorts.confirm({ siteId: site, visitId: visit.accept.visitId });
  await colleague.as().escorts.offerHandover({ siteId: site, visitId: visit.accept.visitId, toStaffId: escort.id });
  await escort.as().escorts.confirm({ siteId: site, visitId: visit.escortOut.visitId });
  // Cy leaves duty while assigned a visitor: that raises an alert.
  const astray = await visitFor('Cy Tan');
  await throwaway.as().staff.setDuty({ siteId: site, onDuty: false });
  const [alert] = await alertsOf(h, astray.visitId);
  // A visitor who gives an email address gets their signed copy: an outbox message at the site.
  await scene.caller.visits.signIn(visitorInput(scene, { email: 'visitor@example.org' }));
  const message = await h.db.query.outboxMessage.findFirst({
    where: (t, { and, eq }) => and(eq(t.siteId, site), eq(t.template, 'signed_form_copy')),
  });
  const policy = (await escort.as().staff.myStatus({ siteId: site })).policies.find((p) => p.language === 'en');
  if (!alert || !message || !policy) throw new Error('fixtures incomplete');
  const displays = await displayFixtures(h, site, admin.id);

  const cookie = (m: { cookie: string }) => ({ cookie: m.cookie });
  const headers: Fixtures['headers'] = {
    anonymous: {},
    kiosk: { authorization: `Bearer ${scene.kiosk.token}` },
    revokedKiosk: { authorization: `Bearer ${revoked.token}` },
    display: { authorization: `Bearer ${displays.token}` },
    revokedDisplay: { authorization: `Bearer ${displays.revokedToken}` },
    escort: cookie(escort),
    reception: cookie(reception),
    coordinator: cookie(scene.coordinator),
    otherCoordinator: cookie(otherCoordinator),
    admin: cookie(admin),
  };
  const codes = await Promise.all(
    everyone.map((who) =>
      createPairingCode(h.db, {
        siteId: site,
        organisationId: scene.organisation.id,
        createdByStaffId: null,
        now: new Date(),
      }).then(({ code }) => [who, code] as const),
    ),
  );
  return {
    scene,
    site,
    otherSite: otherSite.id,
    headers,
    ids: { escort: escort.id, colleague: colleague.id, throwaway: throwaway.id },
    pairingCodes: Object.fromEntries(codes) as Record<Who, string>,
    visit,
    alertId: alert.id,
    messageId: message.id,
    policyId: policy.id,
    pin,
    devices: { revoked: revoked.deviceId, spare: spare.deviceId },
    desk: await createDeskFixtures(h, scene, admin),
    displays,
  };
}
