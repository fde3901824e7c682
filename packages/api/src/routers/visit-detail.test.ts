import { randomUUID } from 'node:crypto';
import { createTestOrganisation, createTestSite } from '@threshold/db/testing';
import type { StaffRole } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDocumentsAt, publishVersion, refsOf, sha256 } from '../test-support/documents.ts';
import {
  auditRowsOfType,
  callerFor,
  createHarness,
  createStaffWithPassword,
  pairKioskAt,
  sessionCookie,
  TINY_PNG_DATA_URL,
  testPasswordHash,
  visitorInput,
} from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

type Who = 'coordinator' | 'reception' | 'escort' | 'admin' | 'otherCoordinator';

interface World {
  organisationId: string;
  siteId: string;
  otherSiteId: string;
  coordinatorId: string;
  cookies: Record<Who, string>;
  /** A visit at the site, and one at the other site of the same organisation. */
  visitId: string;
  otherVisitId: string;
  docs: Awaited<ReturnType<ReturnType<typeof callerFor>['kiosk']['documents']>>;
  signedAt: Date;
}
let world: World;

async function signInAt(site: { id: string; organisationId: string }, now: Date) {
  await publishDocumentsAt(h, site);
  const kiosk = await pairKioskAt(h, site);
  const caller = callerFor(h, { kioskToken: kiosk.token, now });
  const docs = await caller.kiosk.documents({ language: 'en' });
  const input = visitorInput(
    { documents: refsOf(docs) },
    {
      fullName: 'Marie Curie',
      purpose: 'Radium talk',
      hostName: 'Pierre Curie',
      email: 'marie@example.org',
      language: 'en',
    },
  );
  await caller.visits.signIn(input);
  const visit = await h.db.query.visit.findFirst({
    where: (t, { and, eq }) => and(eq(t.siteId, site.id), eq(t.idempotencyKey, input.idempotencyKey)),
  });
  if (!visit) throw new Error('visit not stored');
  return { visitId: visit.id, docs };
}

beforeAll(async () => {
  await testPasswordHash();
  const { organisation, site } = await createTestOrganisation(h.db, 'Detail org');
  const otherSite = await createTestSite(h.db, organisation.id, 'Detail annexe');
  const member = async (roles: StaffRole[], siteId = site.id) => {
    const m = await createStaffWithPassword(h, { organisationId: organisation.id, siteId, roles });
    return { id: m.id, cookie: await sessionCookie(h, m.email) };
  };
  const [coordinator, reception, escort, admin, otherCoordinator] = await Promise.all([
    member(['coordinator']),
    member(['reception', 'escort']),
    member(['escort']),
    member(['admin']),
    member(['coordinator'], otherSite.id),
  ]);
  const signedAt = new Date('2031-06-07T08:09:10.000Z');
  const here = await signInAt(site, signedAt);
  const there = await signInAt(otherSite, signedAt);
  world = {
    organisationId: organisation.id,
    siteId: site.id,
    otherSiteId: otherSite.id,
    coordinatorId: coordinator.id,
    cookies: {
      coordinator: coordinator.cookie,
      reception: reception.cookie,
      escort: escort.cookie,
      admin: admin.cookie,
      otherCoordinator: otherCoordinator.cookie,
    },
    visitId: here.visitId,
    otherVisitId: there.visitId,
    docs: here.docs,
    signedAt,
  };
});

const as = (who: Who) => callerFor(h, { cookie: world.cookies[who] });
const viewsOf = async (visitId: string) =>
  (await auditRowsOfType(h, world.organisationId, 'visit.viewed')).filter((r) => r.visitId === visitId);

describe('visits.detail', () => {
  it('gives a coordinator the visit, the signature image and the exact versions signed', async () => {
    const detail = await as('coordinator').visits.detail({ siteId: world.siteId, visitId: world.visitId });
    const { docs } = world;
    expect(detail).toMatchObject({
      id: world.visitId,
      siteId: world.siteId,
      visitorName: 'Marie Curie',
      visitorEmail: 'marie@example.org',
      purpose: 'Radium talk',
      hostName: 'Pierre Curie',
      hostStaffId: null,
      language: 'en',
      state: 'awaiting_escort',
      signedOutAt: null,
    });
    expect(detail.signature).toEqual({
      typedName: 'Marie Curie',
      signedAt: world.signedAt,
      imageDataUrl: TINY_PNG_DATA_URL,
      documentTitle: 'Confidentiality for Visitors',
      documentVersion: 1,
      documentLanguage: 'en',
      documentSha256: sha256(docs.form.body),
    });
    const ack = (doc: { kind: string; title: string; body: string }, kind: string) => ({
      kind,
      acknowledgedAt: world.signedAt,
      documentKind: doc.kind,
      documentTitle: doc.title,
      documentVersion: 1,
      documentLanguage: 'en',
      documentSha256: sha256(doc.body),
    });
    expect(detail.acknowledgements).toEqual([
      ack(docs.confidentialityPolicy, 'policy_received'),
      ack(docs.disclosurePolicy, 'policy_received'),
      ack(docs.noPhotography, 'no_photography'),
    ]);
  });

  it('keeps showing the version that was signed after a newer one is published', async () => {
    const { visitId } = world;
    await publishVersion(
      h,
      { id: world.siteId, organisationId: world.organisationId },
      {
        kind: 'visitor_confidentiality_form',
        language: 'en',
        body: 'A later wording',
      },
    );
    const detail = await as('coordinator').visits.detail({ siteId: world.siteId, visitId });
    expect(detail.signature).toMatchObject({ documentVersion: 1, documentSha256: sha256(world.docs.form.body) });
  });

  it('writes one visit.viewed audit row per call, naming the coordinator and nothing personal', async () => {
    const before = await viewsOf(world.visitId);
    const caller = as('coordinator');
    await caller.visits.detail({ siteId: world.siteId, visitId: world.visitId });
    await caller.visits.detail({ siteId: world.siteId, visitId: world.visitId });
    const after = await viewsOf(world.visitId);
    expect(after).toHaveLength(before.length + 2);
    for (const row of after.slice(before.length)) {
      expect(row).toMatchObject({
        actorType: 'staff',
        actorId: world.coordinatorId,
        siteId: world.siteId,
        visitId: world.visitId,
        data: { what: 'detail' },
      });
      expect(row.data).toEqual({ what: 'detail' });
    }
    expect(JSON.stringify(after)).not.toMatch(/Curie|Radium|example\.org/);
  });

  it.each(['reception', 'escort', 'admin'] as const)('is FORBIDDEN to %s, and records no view', async (who) => {
    const before = await viewsOf(world.visitId);
    await expect(as(who).visits.detail({ siteId: world.siteId, visitId: world.visitId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await viewsOf(world.visitId)).toHaveLength(before.length);
  });

  it('is FORBIDDEN to a coordinator of another site', async () => {
    const before = await viewsOf(world.visitId);
    await expect(
      as('otherCoordinator').visits.detail({ siteId: world.siteId, visitId: world.visitId }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await viewsOf(world.visitId)).toHaveLength(before.length);
    // At their own site, they see their own visits.
    await expect(
      as('otherCoordinator').visits.detail({ siteId: world.otherSiteId, visitId: world.otherVisitId }),
    ).resolves.toMatchObject({ id: world.otherVisitId, siteId: world.otherSiteId });
  });

  it('is NOT_FOUND for a visit of another site under the own siteId, and records no view', async () => {
    const before = await auditRowsOfType(h, world.organisationId, 'visit.viewed');
    for (const visitId of [world.otherVisitId, randomUUID()]) {
      await expect(as('coordinator').visits.detail({ siteId: world.siteId, visitId })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    expect(await auditRowsOfType(h, world.organisationId, 'visit.viewed')).toHaveLength(before.length);
  });

  it('is UNAUTHORIZED without a session and to a kiosk token', async () => {
    const input = { siteId: world.siteId, visitId: world.visitId };
    await expect(callerFor(h).visits.detail(input)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const { site } = await createTestOrganisation(h.db);
    const kiosk = await pairKioskAt(h, site);
    await expect(callerFor(h, { kioskToken: kiosk.token }).visits.detail(input)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
