import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from './client.ts';
import { decryptValue } from './crypto/envelope.ts';
import { insertKioskDevice } from './queries/kiosk.ts';
import { insertVisitOnce } from './queries/visits.ts';
import { policyDocument } from './schema/document.ts';
import { logReview } from './schema/log-review.ts';
import { visitAcknowledgement, visitSignature } from './schema/visit-records.ts';
import { createTestOrganisation, createTestStaff } from './testing/fixtures.ts';

const app = createDb(inject('databaseUrl'), { max: 2 });
const owner = createDb(inject('ownerDatabaseUrl'), { max: 1 });
afterAll(async () => {
  await app.close();
  await owner.close();
});

async function draftAt(siteId: string, organisationId: string) {
  const [row] = await app.db
    .insert(policyDocument)
    .values({
      organisationId,
      siteId,
      kind: 'no_photography',
      language: 'en',
      version: 1,
      title: 'No photography',
      body: 'Draft text',
      sha256: 'x'.repeat(64),
    })
    .returning();
  if (!row) throw new Error('no draft');
  return row;
}

describe('a published form or policy version', () => {
  it('can be edited as a draft, published once, and then never changed or deleted — not even by the owner', async () => {
    const { organisation, site } = await createTestOrganisation(app.db);
    const draft = await draftAt(site.id, organisation.id);
    await app.db.update(policyDocument).set({ body: 'Final text' }).where(eq(policyDocument.id, draft.id));
    await app.db.update(policyDocument).set({ publishedAt: new Date() }).where(eq(policyDocument.id, draft.id));

    for (const db of [app.db, owner.db]) {
      await expect(
        db.update(policyDocument).set({ body: 'Rewritten' }).where(eq(policyDocument.id, draft.id)),
      ).rejects.toMatchObject({ cause: { code: '42501' } });
      await expect(
        db.update(policyDocument).set({ publishedAt: null }).where(eq(policyDocument.id, draft.id)),
      ).rejects.toMatchObject({ cause: { code: '42501' } });
      await expect(db.delete(policyDocument).where(eq(policyDocument.id, draft.id))).rejects.toMatchObject({
        cause: { code: '42501' },
      });
    }
    const kept = await app.db.query.policyDocument.findFirst({ where: eq(policyDocument.id, draft.id) });
    expect(kept?.body).toBe('Final text');
  });

  it('has at most one draft per site, kind and language, however the drafts were started', async () => {
    const { organisation, site } = await createTestOrganisation(app.db);
    await draftAt(site.id, organisation.id);
    await expect(
      app.db.insert(policyDocument).values({
        organisationId: organisation.id,
        siteId: site.id,
        kind: 'no_photography',
        language: 'en',
        version: 2,
        title: 'No photography',
        body: 'A second draft',
        sha256: 'y'.repeat(64),
      }),
    ).rejects.toMatchObject({ cause: { code: '23505' } });
  });

  it('leaves unpublished drafts deletable', async () => {
    const { organisation, site } = await createTestOrganisation(app.db);
    const draft = await draftAt(site.id, organisation.id);
    const gone = await app.db.delete(policyDocument).where(eq(policyDocument.id, draft.id)).returning();
    expect(gone).toHaveLength(1);
  });
});

describe('a log review sign-off', () => {
  it('is written once: the application role can neither edit nor delete it', async () => {
    const { organisation, site } = await createTestOrganisation(app.db);
    const coordinator = await createTestStaff(app.db, {
      organisationId: organisation.id,
      siteId: site.id,
      roles: ['coordinator'],
    });
    const [review] = await app.db
      .insert(logReview)
      .values({
        organisationId: organisation.id,
        siteId: site.id,
        periodFrom: '2026-11-01',
        periodTo: '2026-11-07',
        visitCount: 3,
        exceptions: { noSignOut: 1 },
        signedOffByStaffId: coordinator.id,
      })
      .returning();
    if (!review) throw new Error('no review');
    await expect(
      app.db.execute(sql`update log_review set note = 'changed' where id = ${review.id}`),
    ).rejects.toMatchObject({ cause: { code: '42501' } });
    await expect(app.db.execute(sql`delete from log_review where id = ${review.id}`)).rejects.toMatchObject({
      cause: { code: '42501' },
    });
  });
});

/** A visit with its signature and one acknowledgement, written as the app's role writes them. */
async function signedVisit() {
  const { organisation, site } = await createTestOrganisation(app.db);
  const [document] = await app.db
    .insert(policyDocument)
    .values({
      organisationId: organisation.id,
      siteId: site.id,
      kind: 'confidentiality',
      language: 'en',
      version: 1,
      title: 'Confidentiality for Visitors',
      body: 'Signed text',
      sha256: 'c'.repeat(64),
      publishedAt: new Date(),
    })
    .returning();
  if (!document) throw new Error('no document');
  const { id: kioskDeviceId } = await insertKioskDevice(app.db, {
    organisationId: organisation.id,
    siteId: site.id,
    name: 'Front desk',
    tokenHash: randomUUID(),
  });
  const receipt = await insertVisitOnce(app.db, {
    organisationId: organisation.id,
    siteId: site.id,
    kioskDeviceId,
    idempotencyKey: randomUUID(),
    visitorName: 'Signed Visitor',
    visitorOrganisation: 'Council',
    category: 'professional',
    purpose: 'Meeting',
    hostName: 'Host',
    hostStaffId: null,
    visitorEmail: null,
    language: 'en',
    state: 'awaiting_escort',
    visitCode: String(Math.floor(Math.random() * 1e6)).padStart(6, '0'),
    signedInAt: new Date(),
  });
  if (!receipt) throw new Error('no visit');
  const at = new Date();
  await app.db.insert(visitSignature).values({
    visitId: receipt.id,
    documentId: document.id,
    documentSha256: document.sha256,
    typedName: 'Signed Visitor',
    signaturePng: Buffer.from('png'),
    signedAt: at,
    referenceHash: null,
    reusedFromVisitId: null,
  });
  await app.db.insert(visitAcknowledgement).values([
    {
      visitId: receipt.id,
      documentId: document.id,
      kind: 'confidentiality',
      documentSha256: document.sha256,
      acknowledgedAt: at,
    },
  ]);
  return receipt.id;
}

const refused = { cause: { code: '42501' } };
const count = async (table: 'visit_signature' | 'visit_acknowledgement', visitId: string) =>
  (
    await owner.db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(table)} where visit_id = ${visitId}`,
    )
  )[0]?.n;

describe('a visitor’s signature and acknowledgements', () => {
  it('cannot be changed by anyone, the owner included', async () => {
    const visitId = await signedVisit();
    for (const db of [app.db, owner.db]) {
      await expect(
        db.execute(sql`update visit_signature set typed_name = 'Someone else' where visit_id = ${visitId}`),
      ).rejects.toMatchObject(refused);
      await expect(
        db.execute(sql`update visit_acknowledgement set acknowledged_at = now() where visit_id = ${visitId}`),
      ).rejects.toMatchObject(refused);
    }
    const [kept] = await owner.db.execute<{ typed_name: Buffer }>(
      sql`select typed_name from visit_signature where visit_id = ${visitId}`,
    );
    expect(kept && decryptValue(kept.typed_name)).toBe('Signed Visitor');
  });

  it('cannot be deleted by the application role, directly or by deleting the visit', async () => {
    const visitId = await signedVisit();
    await expect(app.db.execute(sql`delete from visit_signature where visit_id = ${visitId}`)).rejects.toMatchObject(
      refused,
    );
    await expect(
      app.db.execute(sql`delete from visit_acknowledgement where visit_id = ${visitId}`),
    ).rejects.toMatchObject(refused);
    await expect(app.db.execute(sql`truncate visit_signature`)).rejects.toMatchObject(refused);
    // The cascade from visit runs as the table owner: the trigger still refuses it for this session.
    await expect(app.db.execute(sql`delete from visit where id = ${visitId}`)).rejects.toMatchObject(refused);
    expect(await count('visit_signature', visitId)).toBe(1);
    expect(await count('visit_acknowledgement', visitId)).toBe(1);
  });

  it('can be deleted by the owner role, as retention will: with the visit, or on their own', async () => {
    const first = await signedVisit();
    await owner.db.execute(sql`delete from visit_acknowledgement where visit_id = ${first}`);
    await owner.db.execute(sql`delete from visit_signature where visit_id = ${first}`);
    expect(await count('visit_signature', first)).toBe(0);
    const second = await signedVisit();
    await owner.db.execute(sql`delete from visit where id = ${second}`);
    expect(await count('visit_signature', second)).toBe(0);
    expect(await count('visit_acknowledgement', second)).toBe(0);
  });
});
