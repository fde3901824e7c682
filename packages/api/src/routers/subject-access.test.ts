import { createDb, sealAuditChain, verifyAuditChain } from '@threshold/db';
import { createTestSite } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SAFEGUARDING_NOTE } from '../documents/subject-access-pdf.ts';
import { type EscortScene, escortScene, member, settleHostMatch } from '../test-support/escort-harness.ts';
import { auditRowsOfType, callerFor, createHarness, visitorInput } from '../test-support/harness.ts';
import { pdfText, squash } from '../test-support/pdf-read.ts';
import { NOTHING_LEFT, rowsOfVisit, visitWithEverything } from '../test-support/retention-scene.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let otherSite: { id: string; organisationId: string };
/** Amara's visits: one with every kind of record, one by email under another spelling, one at the second site. */
const amara = { full: '', byEmail: '', elsewhere: '' };
let stranger = '';

/** Signs a visitor in at a kiosk of the scene's site with an email address; returns the visit id. */
async function signInWithEmail(fullName: string, email: string, kioskToken = scene.kiosk.token) {
  const input = visitorInput(scene, { fullName, email });
  await callerFor(h, { kioskToken }).visits.signIn(input);
  const visit = await h.db.query.visit.findFirst({ where: (t, { eq }) => eq(t.idempotencyKey, input.idempotencyKey) });
  if (!visit) throw new Error('visit not stored');
  await settleHostMatch(h, visit.id);
  return visit.id;
}

beforeAll(async () => {
  scene = await escortScene(h);
  amara.full = (await visitWithEverything(h, scene, { fullName: 'Amara Nwosu', signedOutAt: new Date() })).visitId;
  amara.byEmail = await signInWithEmail('A. Nwosu-Bello', 'amara@example.org');
  stranger = await signInWithEmail('Amos Stranger', 'amos@example.org');
  // The coordinator also coordinates a second site of the same organisation; a visit there is found too.
  otherSite = await createTestSite(h.db, scene.organisation.id, 'Annexe');
  await h.handle
    .sql`insert into staff_role (staff_id, site_id, role) values (${scene.coordinator.id}, ${otherSite.id}, 'coordinator')`;
  amara.elsewhere = await signInWithEmail('Amara Nwosu', 'other@example.org');
  await h.handle.sql`update visit set site_id = ${otherSite.id} where id = ${amara.elsewhere}`;
});

const coordinator = () => scene.coordinator.as();
const site = () => scene.site.id;

describe('finding a person', () => {
  it('finds their visits by name prefixes at every site the coordinator sees, and audits no name', async () => {
    const { visits, limited } = await coordinator().subjectAccess.find({ siteId: site(), name: 'NWÓSU' });
    expect(visits.map((v) => v.id).sort()).toEqual([amara.full, amara.byEmail, amara.elsewhere].sort());
    // Every typed word must begin a word of the name: "ama" does not begin "A." of the second spelling.
    const both = await coordinator().subjectAccess.find({ siteId: site(), name: 'nwo ama' });
    expect(both.visits.map((v) => v.id).sort()).toEqual([amara.full, amara.elsewhere].sort());
    expect(limited).toBe(false);
    expect(visits.find((v) => v.id === amara.elsewhere)?.siteName).toBe('Annexe');
    const [audit] = await auditRowsOfType(h, scene.organisation.id, 'subject_access.searched');
    expect(audit?.data).toEqual({ byName: true, byEmail: false, results: 3, denyListMatches: 0 });
    expect(JSON.stringify(audit)).not.toMatch(/nw|ama/i);
  });

  it('finds them by email, whatever its case, and not a stranger', async () => {
    const { visits } = await coordinator().subjectAccess.find({ siteId: site(), email: ' Amara@Example.ORG ' });
    expect(visits.map((v) => [v.id, v.visitorName, v.visitorEmail])).toEqual([
      [amara.byEmail, 'A. Nwosu-Bello', 'amara@example.org'],
    ]);
    expect(visits.map((v) => v.id)).not.toContain(stranger);
  });

  it('refuses a search with neither a name nor an email, beside the name field', async () => {
    await expect(coordinator().subjectAccess.find({ siteId: site() })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('does not reach a site where the coordinator has no role', async () => {
    const elsewhere = await member(h, otherSite, ['coordinator'], 'Otto Annexe');
    const { visits } = await elsewhere.as().subjectAccess.find({ siteId: otherSite.id, name: 'Amara' });
    expect(visits.map((v) => v.id)).toEqual([amara.elsewhere]);
    const refused = elsewhere.as().subjectAccess.export({
      siteId: otherSite.id,
      visitIds: [amara.full],
      format: 'json',
      reason: 'subject_access_request',
    });
    await expect(refused).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('exporting what is held', () => {
  it('gives every field as JSON and audits one row per visit, shown on its timeline', async () => {
    const file = await coordinator().subjectAccess.export({
      siteId: site(),
      visitIds: [amara.full, amara.elsewhere],
      format: 'json',
      reason: 'subject_access_request',
    });
    expect(file.filename).toMatch(/^subject-access-\d{4}-\d{2}-\d{2}\.json$/);
    const body = JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8'));
    const full = body.visits.find((v: { id: string }) => v.id === amara.full);
    expect(full).toMatchObject({
      visitorName: 'Amara Nwosu',
      visitorOrganisation: 'Navy Research Lab',
      purpose: 'Research interview',
      signature: { typedName: 'Amara Nwosu' },
    });
    expect(Buffer.from(full.signature.signaturePng, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(full.acknowledgements.length).toBeGreaterThan(0);
    expect(full.alerts).toHaveLength(1);
    expect(full.escortAssignments).toHaveLength(1);
    expect(full.outboxMessages.map((m: { template: string }) => m.template)).toContain('host_arrival');
    expect(full.holds.map((x: { reason: string }) => x.reason)).toEqual(['other']);
    expect(full.concerns.map((c: { note: string }) => c.note)).toEqual(['A concern note']);
    expect(full.disclosures.map((d: { agency: string }) => d.agency)).toEqual(['County Council']);

    const rows = (await auditRowsOfType(h, scene.organisation.id, 'visit.subject_exported')).filter(
      (r) => (r.data as { format?: string }).format === 'json',
    );
    expect(rows.map((r) => r.visitId).sort()).toEqual([amara.full, amara.elsewhere].sort());
    expect(rows.map((r) => r.siteId).sort()).toEqual([site(), otherSite.id].sort());
    expect(rows[0]?.data).toMatchObject({ reason: 'subject_access_request', count: 2 });
    const timeline = await coordinator().visitLog.timeline({ siteId: site(), visitId: amara.full });
    expect(timeline.events.map((e) => e.type)).toContain('visit.subject_exported');
  });

  it('gives a readable PDF with a page per visit at least, naming the person and their visits', async () => {
    const file = await coordinator().subjectAccess.export({
      siteId: site(),
      visitIds: [amara.full, amara.byEmail],
      format: 'pdf',
      reason: 'legal_request',
    });
    const bytes = Buffer.from(file.base64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text } = await pdfText(bytes);
    expect(pages).toBeGreaterThanOrEqual(1);
    for (const expected of ['Amara Nwosu', 'A. Nwosu-Bello', 'amara@example.org', 'Visit 1', 'Visit 2']) {
      expect(text).toContain(squash(expected));
    }
    expect(text).toContain(squash('A concern note'));
    expect(text).toContain(squash(SAFEGUARDING_NOTE));
    expect(text).not.toContain(squash('Amos Stranger'));
  });

  it('asks why, and writes nothing without a reason', async () => {
    const before = (await auditRowsOfType(h, scene.organisation.id, 'visit.subject_exported')).length;
    const noReason = coordinator().subjectAccess.export({
      siteId: site(),
      visitIds: [amara.full],
      format: 'json',
    } as never);
    await expect(noReason).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await auditRowsOfType(h, scene.organisation.id, 'visit.subject_exported')).toHaveLength(before);
  });
});

describe('erasing on request', () => {
  // Signed records may be deleted only by the owner role, as the server's erasure runs.
  const owner = createDb(inject('ownerDatabaseUrl'), { max: 1 });
  afterAll(() => owner.close());
  const eraser = () => callerFor(h, { cookie: scene.coordinator.cookie, ownerDb: owner.db });

  it('erases the chosen visits and all their records, keeps a held one and says why, audits ids only', async () => {
    const gone = (await visitWithEverything(h, scene, { fullName: 'Bea Erased', signedOutAt: new Date() })).visitId;
    const held = (await visitWithEverything(h, scene, { fullName: 'Bea Erased', signedOutAt: new Date() })).visitId;
    const kept = (await visitWithEverything(h, scene, { fullName: 'Bea Other', signedOutAt: new Date() })).visitId;
    await coordinator().safeguarding.hold({
      siteId: site(),
      visitId: held,
      reason: 'child_protection_concern',
      note: 'Police enquiry',
      reviewBy: '2031-01-01',
    });
    const found = await coordinator().subjectAccess.find({ siteId: site(), name: 'bea erased' });
    expect(found.visits.map((v) => [v.id, v.holdReason]).sort()).toEqual(
      [
        [gone, null],
        [held, 'child_protection_concern'],
      ].sort(),
    );

    const result = await eraser().subjectAccess.erase({
      siteId: site(),
      visitIds: [gone, held],
      reason: 'erasure_request',
    });

    expect(result).toEqual({ erased: [gone], held: [{ visitId: held, holdReason: 'child_protection_concern' }] });
    expect(await rowsOfVisit(h, gone)).toEqual(NOTHING_LEFT);
    expect(await rowsOfVisit(h, held)).toMatchObject({ visit: 1, signature: 1 });
    expect(await rowsOfVisit(h, kept)).toMatchObject({ visit: 1, signature: 1 });
    const again = await coordinator().subjectAccess.find({ siteId: site(), name: 'bea erased' });
    expect(again.visits.map((v) => v.id)).toEqual([held]);

    const audits = await auditRowsOfType(h, scene.organisation.id, 'visit.erased');
    expect(audits.map((a) => [a.visitId, a.data])).toEqual([
      [gone, { requestId: expect.any(String), reason: 'erasure_request', count: 1 }],
    ]);
    expect(JSON.stringify(audits)).not.toMatch(/Bea|Erased/);
    // The held visit's refusal is recorded on it too: the same request, "held", nothing else.
    const refusals = await auditRowsOfType(h, scene.organisation.id, 'visit.erasure_refused');
    expect(refusals.map((a) => [a.visitId, a.actorId, a.data])).toEqual([
      [held, scene.coordinator.id, { requestId: expect.any(String), because: 'held' }],
    ]);
    const requests = await h.handle.sql`
      select distinct data->>'requestId' from audit_event
      where type in ('visit.erased', 'visit.erasure_refused') and visit_id in (${gone}, ${held})`;
    expect(requests).toHaveLength(1);
  });

  it('leaves the audit chain verifying after erasure', async () => {
    const v = (await visitWithEverything(h, scene, { fullName: 'Cy Chained', signedOutAt: new Date() })).visitId;
    await sealAuditChain(h.db, { organisationId: scene.organisation.id, graceMs: 0 });
    await eraser().subjectAccess.erase({ siteId: site(), visitIds: [v], reason: 'recorded_in_error' });
    await sealAuditChain(h.db, { organisationId: scene.organisation.id, graceMs: 0 });
    const verified = await verifyAuditChain(h.db, { organisationId: scene.organisation.id });
    expect(verified).toMatchObject({ intact: true, awaitingSeal: 0 });
    expect((await auditRowsOfType(h, scene.organisation.id, 'visit.erased')).map((a) => a.visitId)).toContain(v);
  });

  it('refuses without a reason, and refuses where the server has no owner connection, erasing nothing', async () => {
    const v = (await visitWithEverything(h, scene, { fullName: 'Di Stays', signedOutAt: new Date() })).visitId;
    const noReason = eraser().subjectAccess.erase({ siteId: site(), visitIds: [v] } as never);
    await expect(noReason).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const noOwner = coordinator().subjectAccess.erase({ siteId: site(), visitIds: [v], reason: 'erasure_request' });
    await expect(noOwner).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await rowsOfVisit(h, v)).toMatchObject({ visit: 1, signature: 1 });
  });
});

describe('deny-list entries about the person', () => {
  const owner = createDb(inject('ownerDatabaseUrl'), { max: 1 });
  afterAll(() => owner.close());

  it('are found by name or alias as a separate group, withheld from the export, and never erased', async () => {
    // The visit comes first: an entry added before it would hold the sign-in in screening.
    const { visitId } = await visitWithEverything(h, scene, { fullName: 'Dana Denied', signedOutAt: new Date() });
    const { entryId } = await coordinator().denyList.add({
      siteId: site(),
      fullName: 'Dana Denied',
      aliases: ['Dee Kay'],
      dateOfBirth: '1980-05-06',
      reason: 'Court order against contact',
      reviewBy: '2031-01-01',
    });
    const before = await auditRowsOfType(h, scene.organisation.id, 'subject_access.searched');

    const found = await coordinator().subjectAccess.find({ siteId: site(), name: 'den dan' });
    expect(found.visits.map((v) => v.id)).toEqual([visitId]);
    expect(found.denyList.entries.map((e) => [e.id, e.fullName, e.aliases, e.dateOfBirth, e.reason])).toEqual([
      [entryId, 'Dana Denied', ['Dee Kay'], '1980-05-06', 'Court order against contact'],
    ]);
    expect(found.denyList.withheld).toMatch(/^Withheld from the export: .* Erasure never removes an entry/);
    const [audit] = (await auditRowsOfType(h, scene.organisation.id, 'subject_access.searched')).slice(before.length);
    // Exactly these fields: counts and flags, never the name searched.
    expect(audit?.data).toEqual({ byName: true, byEmail: false, results: 1, denyListMatches: 1 });

    const entriesFor = async (terms: { name?: string; email?: string }) =>
      (await coordinator().subjectAccess.find({ siteId: site(), ...terms })).denyList.entries.map((e) => e.id);
    expect(await entriesFor({ name: 'KAY' })).toEqual([entryId]);
    // Every word must begin a word of one name; the list holds no emails, so an email finds no entry.
    expect(await entriesFor({ name: 'dana kay' })).toEqual([]);
    expect(await entriesFor({ name: 'ana' })).toEqual([]);
    expect(await entriesFor({ email: 'dana@example.org' })).toEqual([]);

    const exported = await coordinator().subjectAccess.export({
      siteId: site(),
      visitIds: [visitId],
      format: 'json',
      reason: 'subject_access_request',
    });
    const json = Buffer.from(exported.base64, 'base64').toString('utf8');
    expect(json).toContain('Dana Denied');
    expect(json).not.toMatch(/Court order|Dee Kay|1980-05-06/);

    const eraser = callerFor(h, { cookie: scene.coordinator.cookie, ownerDb: owner.db });
    const erased = await eraser.subjectAccess.erase({ siteId: site(), visitIds: [visitId], reason: 'erasure_request' });
    expect(erased).toEqual({ erased: [visitId], held: [] });
    const after = await coordinator().subjectAccess.find({ siteId: site(), name: 'dana denied' });
    expect(after.visits).toEqual([]);
    expect(after.denyList.entries.map((e) => e.id)).toEqual([entryId]);
    const listed = await coordinator().denyList.entries({ siteId: site() });
    expect(listed.map((e) => e.id)).toContain(entryId);
  });
});
