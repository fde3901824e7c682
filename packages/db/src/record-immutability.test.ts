import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from './client.ts';
import { policyDocument } from './schema/document.ts';
import { logReview } from './schema/log-review.ts';
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
