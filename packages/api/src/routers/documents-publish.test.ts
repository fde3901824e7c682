import { schema } from '@threshold/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refsOf, sha256 } from '../test-support/documents.ts';
import { type Member, member, refused } from '../test-support/escort-harness.ts';
import {
  auditRowsOfType,
  callerFor,
  createHarness,
  errorOf,
  httpCall,
  kioskScene,
  testPasswordHash,
  visitorInput,
} from '../test-support/harness.ts';

const h = createHarness({ max: 6 });
afterAll(() => h.close());
beforeAll(() => testPasswordHash());

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

type Scene = Awaited<ReturnType<typeof kioskScene>>;

async function adminScene() {
  const scene = await kioskScene(h);
  const admin = await member(h, scene.site, ['admin'], 'Ada Admin');
  return { ...scene, admin };
}

function draftOf(scene: Scene, overrides: { body?: string; title?: string; draftId?: string } = {}) {
  return {
    siteId: scene.site.id,
    kind: 'no_photography_statement' as const,
    language: 'en',
    title: overrides.title ?? 'No photography',
    body: overrides.body ?? 'Please do not take photographs anywhere in the building.\nThank you.',
    reviewBy: inDays(90),
    ...(overrides.draftId ? { draftId: overrides.draftId } : {}),
  };
}

async function publishNew(scene: Scene, admin: Member, body: string) {
  const draft = await admin.as().documents.saveDraft(draftOf(scene, { body }));
  return admin.as().documents.publish({ siteId: scene.site.id, documentId: draft.documentId, sha256: draft.sha256 });
}

describe('writing and publishing a new version', () => {
  it('serves the new text to kiosks once published, and refuses a sign-in made with the old hash', async () => {
    const scene = await adminScene();
    const body = 'No photographs, films or recordings.\nThis keeps the children here safe.';
    const draft = await scene.admin.as().documents.saveDraft(draftOf(scene, { body }));
    expect(draft.sha256).toBe(sha256(body));
    // A draft is not shown to visitors.
    expect((await scene.caller.kiosk.documents({ language: 'en' })).noPhotography.id).toBe(
      scene.documents.noPhotography.documentId,
    );

    const published = await scene.admin
      .as()
      .documents.publish({ siteId: scene.site.id, documentId: draft.documentId, sha256: draft.sha256 });
    expect(published).toMatchObject({
      documentId: draft.documentId,
      kind: 'no_photography_statement',
      version: 2,
      sha256: sha256(body),
    });
    const served = await scene.caller.kiosk.documents({ language: 'en' });
    expect(served.noPhotography).toMatchObject({ id: draft.documentId, version: 2, body, sha256: sha256(body) });

    await expect(scene.caller.visits.signIn(visitorInput(scene))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'A document was updated while you were signing in. Please read it again.',
    });
    await expect(scene.caller.visits.signIn(visitorInput({ documents: refsOf(served) }))).resolves.toMatchObject({
      visitCode: expect.any(String),
    });

    const saved = await auditRowsOfType(h, scene.organisation.id, 'document.draft_saved');
    const publishedRows = await auditRowsOfType(h, scene.organisation.id, 'document.published');
    expect(saved.map((r) => [r.actorId, r.data])).toEqual([
      [
        scene.admin.id,
        { documentId: draft.documentId, kind: 'no_photography_statement', language: 'en', started: true },
      ],
    ]);
    expect(publishedRows.map((r) => r.data)).toEqual([
      { documentId: draft.documentId, kind: 'no_photography_statement', language: 'en', version: 2 },
    ]);
  });

  it('edits the single draft of a document, shows it in the history, and discards it', async () => {
    const scene = await adminScene();
    const docs = scene.admin.as().documents;
    const first = await docs.saveDraft(draftOf(scene, { body: 'First wording' }));
    await refused(
      docs.saveDraft(draftOf(scene, { body: 'A second draft' })),
      'CONFLICT',
      'This document already has a draft. Open it to carry on editing.',
    );
    const edited = await docs.saveDraft(draftOf(scene, { body: 'Better wording', draftId: first.documentId }));
    expect(edited).toEqual({ documentId: first.documentId, sha256: sha256('Better wording') });

    const history = await docs.versions({ siteId: scene.site.id, kind: 'no_photography_statement', language: 'en' });
    expect(history.map((v) => [v.version, v.publishedAt === null])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(history[0]).toMatchObject({ body: 'Better wording', sha256: sha256('Better wording') });
    expect(history[1]?.sha256).toBe(sha256(history[1]?.body ?? ''));

    await docs.discardDraft({ siteId: scene.site.id, documentId: first.documentId });
    const after = await docs.versions({ siteId: scene.site.id, kind: 'no_photography_statement', language: 'en' });
    expect(after.map((v) => v.version)).toEqual([1]);
    const discarded = await auditRowsOfType(h, scene.organisation.id, 'document.draft_discarded');
    expect(discarded.map((r) => r.data)).toEqual([
      { documentId: first.documentId, kind: 'no_photography_statement', language: 'en' },
    ]);
    expect((await auditRowsOfType(h, scene.organisation.id, 'document.draft_saved')).length).toBe(2);
  });

  it('publishes only the text that was previewed', async () => {
    const scene = await adminScene();
    const docs = scene.admin.as().documents;
    const seen = await docs.saveDraft(draftOf(scene, { body: 'What the admin previewed' }));
    await docs.saveDraft(draftOf(scene, { body: 'Changed by a colleague', draftId: seen.documentId }));
    await refused(
      docs.publish({ siteId: scene.site.id, documentId: seen.documentId, sha256: seen.sha256 }),
      'CONFLICT',
      'The draft has changed since you previewed it. Check the preview again, then publish.',
    );
    expect((await scene.caller.kiosk.documents({ language: 'en' })).noPhotography.version).toBe(1);
  });
});

describe('a published version never changes', () => {
  it('is refused with a clear message through the API, and by the database itself', async () => {
    const scene = await adminScene();
    const v2 = await publishNew(scene, scene.admin, 'Version two, final.');
    const message = 'Version 2 is published and can never be changed. Start a new draft to change the text.';
    const attempts = [
      { path: 'documents.saveDraft', input: draftOf(scene, { body: 'Rewritten', draftId: v2.documentId }) },
      { path: 'documents.discardDraft', input: { siteId: scene.site.id, documentId: v2.documentId } },
      { path: 'documents.publish', input: { siteId: scene.site.id, documentId: v2.documentId, sha256: v2.sha256 } },
    ];
    for (const { path, input } of attempts) {
      const res = await httpCall(h, { cookie: scene.admin.cookie }, { path, type: 'mutation', input });
      expect(res.status, path).toBe(409);
      expect(errorOf(res), path).toMatchObject({ message, data: { code: 'CONFLICT' } });
    }

    const doc = schema.policyDocument;
    await expect(h.db.update(doc).set({ body: 'Rewritten' }).where(eq(doc.id, v2.documentId))).rejects.toMatchObject({
      cause: { code: '42501' },
    });
    await expect(h.db.delete(doc).where(eq(doc.id, v2.documentId))).rejects.toMatchObject({
      cause: { code: '42501' },
    });
    const stored = await h.db.query.policyDocument.findFirst({ where: eq(doc.id, v2.documentId) });
    expect(stored).toMatchObject({ body: 'Version two, final.', sha256: sha256('Version two, final.'), version: 2 });
  });
});

describe('two admins at the same moment', () => {
  it('publishes a draft once: the second publish is a CONFLICT and no version number is used twice', async () => {
    const scene = await adminScene();
    const other = await member(h, scene.site, ['admin'], 'Otto Admin');
    const draft = await scene.admin.as().documents.saveDraft(draftOf(scene, { body: 'Published once' }));
    const input = { siteId: scene.site.id, documentId: draft.documentId, sha256: draft.sha256 };
    const results = await Promise.allSettled([
      scene.admin.as().documents.publish(input),
      other.as().documents.publish(input),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/is published/) });

    const history = await scene.admin
      .as()
      .documents.versions({ siteId: scene.site.id, kind: 'no_photography_statement', language: 'en' });
    expect(history.map((v) => v.version)).toEqual([2, 1]);
    expect((await auditRowsOfType(h, scene.organisation.id, 'document.published')).length).toBe(1);
  });

  it('starts one draft: a second draft started at the same time is a CONFLICT', async () => {
    const scene = await adminScene();
    const other = await member(h, scene.site, ['admin'], 'Otto Admin');
    const results = await Promise.allSettled([
      scene.admin.as().documents.saveDraft(draftOf(scene, { body: 'Mine' })),
      other.as().documents.saveDraft(draftOf(scene, { body: 'Theirs' })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({ code: 'CONFLICT' });
    const history = await scene.admin
      .as()
      .documents.versions({ siteId: scene.site.id, kind: 'no_photography_statement', language: 'en' });
    expect(history.filter((v) => v.publishedAt === null)).toHaveLength(1);
  });

  it('numbers successive publications 2, 3, 4 and serves the newest', async () => {
    const scene = await adminScene();
    for (const body of ['Two', 'Three', 'Four']) await publishNew(scene, scene.admin, body);
    const served = await scene.caller.kiosk.documents({ language: 'en' });
    expect(served.noPhotography).toMatchObject({ version: 4, body: 'Four' });
  });
});

describe('who may write', () => {
  it('lets only an admin of the site write, publish or discard', async () => {
    const scene = await adminScene();
    const draft = await scene.admin.as().documents.saveDraft(draftOf(scene));
    const coordinator = await member(h, scene.site, ['coordinator'], 'Cora Coordinator');
    const reception = await member(h, scene.site, ['reception', 'escort'], 'Rex Reception');
    const elsewhere = await kioskScene(h);
    const foreignAdmin = await member(h, elsewhere.site, ['admin'], 'Fay Foreign');
    for (const who of [coordinator, reception, foreignAdmin]) {
      await refused(who.as().documents.saveDraft(draftOf(scene, { body: 'x' })), 'FORBIDDEN');
      await refused(
        who.as().documents.publish({ siteId: scene.site.id, documentId: draft.documentId, sha256: draft.sha256 }),
        'FORBIDDEN',
      );
      await refused(
        who.as().documents.discardDraft({ siteId: scene.site.id, documentId: draft.documentId }),
        'FORBIDDEN',
      );
    }
    // Through their own site, another site's draft does not exist.
    await refused(
      foreignAdmin
        .as()
        .documents.publish({ siteId: elsewhere.site.id, documentId: draft.documentId, sha256: draft.sha256 }),
      'NOT_FOUND',
    );
    await refused(scene.caller.documents.saveDraft(draftOf(scene)), 'UNAUTHORIZED');
    await refused(callerFor(h).documents.publish({ siteId: scene.site.id, ...draft }), 'UNAUTHORIZED');
    expect((await auditRowsOfType(h, scene.organisation.id, 'document.published')).length).toBe(0);
  });
});
