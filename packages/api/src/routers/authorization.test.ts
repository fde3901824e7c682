import { createTestOrganisation, createTestSite } from '@threshold/db/testing';
import type { StaffRole } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JourneyRefs, publishDocumentsAt, refsOf } from '../test-support/documents.ts';
import {
  callerFor,
  createHarness,
  createStaffWithPassword,
  type Harness,
  pairKioskAt,
  sessionCookie,
  signInStaff,
  TEST_PASSWORD,
  testPasswordHash,
  visitorInput,
} from '../test-support/harness.ts';

const h: Harness = createHarness();
afterAll(() => h.close());

interface World {
  organisationId: string;
  siteId: string;
  otherSiteId: string;
  kioskToken: string;
  documents: JourneyRefs;
  cookies: Record<'admin' | 'coordinator' | 'reception' | 'escort' | 'otherCoordinator', string>;
}
let world: World;

beforeAll(async () => {
  await testPasswordHash(); // one argon2 hash for the whole file
  const { organisation, site } = await createTestOrganisation(h.db, 'Authorization org');
  const otherSite = await createTestSite(h.db, organisation.id, 'Other site');
  const member = async (roles: StaffRole[], siteId = site.id) => {
    const m = await createStaffWithPassword(h, { organisationId: organisation.id, siteId, roles });
    return sessionCookie(h, m.email);
  };
  const [admin, coordinator, reception, escort, otherCoordinator] = await Promise.all([
    member(['admin']),
    member(['coordinator']),
    member(['reception']),
    member(['escort']),
    member(['coordinator'], otherSite.id),
  ]);
  if (!admin || !coordinator || !reception || !escort || !otherCoordinator) throw new Error('sign-in failed');
  await publishDocumentsAt(h, site);
  const kiosk = await pairKioskAt(h, site);
  const documents = refsOf(await callerFor(h, { kioskToken: kiosk.token }).kiosk.documents({ language: 'en' }));
  world = {
    organisationId: organisation.id,
    siteId: site.id,
    otherSiteId: otherSite.id,
    kioskToken: kiosk.token,
    documents,
    cookies: { admin, coordinator, reception, escort, otherCoordinator },
  };
});

describe('visits.onSite', () => {
  it('lists who is on site, newest first with names, for coordinator and reception', async () => {
    const kiosk = callerFor(h, { kioskToken: world.kioskToken });
    for (const fullName of ['First Arrival', 'Second Arrival', 'Third Arrival']) {
      await kiosk.visits.signIn(visitorInput(world, { fullName }));
    }
    const gone = await kiosk.visits.signIn(visitorInput(world, { fullName: 'Already Left' }));
    await kiosk.visits.signOut({ visitCode: gone.visitCode });

    for (const who of ['coordinator', 'reception'] as const) {
      const list = await callerFor(h, { cookie: world.cookies[who] }).visits.onSite({ siteId: world.siteId });
      expect(list.map((v) => v.visitorName)).toEqual(['Third Arrival', 'Second Arrival', 'First Arrival']);
      expect(list.every((v) => v.siteId === world.siteId && v.state === 'awaiting_escort')).toBe(true);
      const times = list.map((v) => v.signedInAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
    }
  });

  it.each(['escort', 'admin'] as const)('is FORBIDDEN to a member of staff who is only %s', async (who) => {
    await expect(
      callerFor(h, { cookie: world.cookies[who] }).visits.onSite({ siteId: world.siteId }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('is FORBIDDEN to a coordinator of another site, and allowed at their own', async () => {
    const caller = callerFor(h, { cookie: world.cookies.otherCoordinator });
    await expect(caller.visits.onSite({ siteId: world.siteId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(caller.visits.onSite({ siteId: world.otherSiteId })).resolves.toEqual([]);
  });

  it('is UNAUTHORIZED without a session or with a forged cookie', async () => {
    await expect(callerFor(h).visits.onSite({ siteId: world.siteId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      callerFor(h, { cookie: 'threshold.session_token=forged.value' }).visits.onSite({ siteId: world.siteId }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('is UNAUTHORIZED to a kiosk token, as is staff.me', async () => {
    const kiosk = callerFor(h, { kioskToken: world.kioskToken });
    await expect(kiosk.visits.onSite({ siteId: world.siteId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(kiosk.staff.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(kiosk.kiosk.createPairingCode({ siteId: world.siteId })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});

describe('staff sessions', () => {
  it('staff.me returns the member and their roles per site', async () => {
    const me = await callerFor(h, { cookie: world.cookies.coordinator }).staff.me();
    expect(me.roles).toEqual([
      expect.objectContaining({ siteId: world.siteId, siteName: 'Authorization org site', role: 'coordinator' }),
    ]);
    expect(me.email).toMatch(/@test\.threshold\.local$/);
  });

  it('refuses a wrong password', async () => {
    const m = await createStaffWithPassword(h, {
      organisationId: world.organisationId,
      siteId: world.siteId,
      roles: [],
    });
    const res = await signInStaff(h, m.email, `${TEST_PASSWORD}!`);
    expect(res.status).toBe(401);
    expect(res.cookie).toBeNull();
  });

  it('a deactivated member loses their session at once and cannot sign in again', async () => {
    const m = await createStaffWithPassword(h, {
      organisationId: world.organisationId,
      siteId: world.siteId,
      roles: ['coordinator'],
    });
    const cookie = await sessionCookie(h, m.email);
    const caller = callerFor(h, { cookie });
    await expect(caller.visits.onSite({ siteId: world.siteId })).resolves.toEqual(expect.any(Array));

    await h.handle.sql`update staff set active = false where id = ${m.id}`;
    await expect(caller.staff.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller.visits.onSite({ siteId: world.siteId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    const again = await signInStaff(h, m.email);
    expect(again.cookie).toBeNull();
    expect(again.status).toBe(401);
    const sessions = await h.db.query.authSession.findMany({ where: (t, { eq: is }) => is(t.userId, m.id) });
    // The old session was revoked by its first refused request, and the refused sign-in made none.
    expect(sessions).toHaveLength(0);
  });

  it('a member created inactive never gets a session', async () => {
    const m = await createStaffWithPassword(h, {
      organisationId: world.organisationId,
      siteId: world.siteId,
      roles: ['admin'],
      active: false,
    });
    const res = await signInStaff(h, m.email);
    expect(res.cookie).toBeNull();
    expect(res.status).toBe(401);
  });
});

describe('kiosk.createPairingCode', () => {
  it('gives an admin of the site a code that pairs a kiosk there', async () => {
    const { code, expiresAt } = await callerFor(h, { cookie: world.cookies.admin }).kiosk.createPairingCode({
      siteId: world.siteId,
    });
    expect(code).toMatch(/^\d{6}$/);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    const { deviceId } = await callerFor(h).kiosk.pair({ code });
    const device = await h.db.query.kioskDevice.findFirst({ where: (t, { eq: is }) => is(t.id, deviceId) });
    expect(device?.siteId).toBe(world.siteId);
  });

  it.each(['coordinator', 'reception', 'escort', 'otherCoordinator'] as const)('is FORBIDDEN to %s', async (who) => {
    await expect(
      callerFor(h, { cookie: world.cookies[who] }).kiosk.createPairingCode({ siteId: world.siteId }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('is FORBIDDEN to an admin at a site of another organisation', async () => {
    const { site } = await createTestOrganisation(h.db, 'Foreign org');
    await expect(
      callerFor(h, { cookie: world.cookies.admin }).kiosk.createPairingCode({ siteId: site.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('is UNAUTHORIZED without a session', async () => {
    await expect(callerFor(h).kiosk.createPairingCode({ siteId: world.siteId })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
