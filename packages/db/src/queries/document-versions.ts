import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { policyDocument } from '../schema/document.ts';

// Writing and reviewing the versions of forms and policies. A published row never changes (a trigger refuses
// it), so every statement that writes touches drafts only (`published_at is null`).

const summaryColumns = {
  id: policyDocument.id,
  kind: policyDocument.kind,
  language: policyDocument.language,
  version: policyDocument.version,
  title: policyDocument.title,
  sha256: policyDocument.sha256,
  publishedAt: policyDocument.publishedAt,
  reviewBy: policyDocument.reviewBy,
  createdAt: policyDocument.createdAt,
};

/** Every version and draft at a site, without their texts, by kind, language and version. */
export async function listDocumentSummaries(db: DbOrTx, params: { siteId: string }) {
  return db
    .select(summaryColumns)
    .from(policyDocument)
    .where(eq(policyDocument.siteId, params.siteId))
    .orderBy(asc(policyDocument.kind), asc(policyDocument.language), asc(policyDocument.version));
}
export type DocumentSummary = Awaited<ReturnType<typeof listDocumentSummaries>>[number];

/** The history of one document (kind and language) at a site, texts included, newest first. */
export async function listDocumentVersions(db: DbOrTx, params: { siteId: string; kind: string; language: string }) {
  return db
    .select({ ...summaryColumns, body: policyDocument.body })
    .from(policyDocument)
    .where(
      and(
        eq(policyDocument.siteId, params.siteId),
        eq(policyDocument.kind, params.kind),
        eq(policyDocument.language, params.language),
      ),
    )
    .orderBy(desc(policyDocument.version));
}

/** A version or draft of this site, locked against concurrent edits and publication for this transaction. */
export async function lockDocument(db: DbOrTx, params: { siteId: string; documentId: string }) {
  const [row] = await db
    .select({ ...summaryColumns, body: policyDocument.body, organisationId: policyDocument.organisationId })
    .from(policyDocument)
    .where(and(eq(policyDocument.id, params.documentId), eq(policyDocument.siteId, params.siteId)))
    .for('update');
  return row ?? null;
}

/** The unpublished draft of a document at a site, if one exists. */
export async function findDraft(db: DbOrTx, params: { siteId: string; kind: string; language: string }) {
  const [row] = await db
    .select({ id: policyDocument.id })
    .from(policyDocument)
    .where(
      and(
        eq(policyDocument.siteId, params.siteId),
        eq(policyDocument.kind, params.kind),
        eq(policyDocument.language, params.language),
        isNull(policyDocument.publishedAt),
      ),
    )
    .orderBy(desc(policyDocument.version))
    .limit(1);
  return row ?? null;
}

export async function updateDraft(
  db: DbOrTx,
  params: { documentId: string; title: string; body: string; sha256: string; reviewBy: string },
) {
  const [row] = await db
    .update(policyDocument)
    .set({ title: params.title, body: params.body, sha256: params.sha256, reviewBy: params.reviewBy })
    .where(and(eq(policyDocument.id, params.documentId), isNull(policyDocument.publishedAt)))
    .returning({ id: policyDocument.id });
  return row ?? null;
}

/**
 * Publishes a draft as the next version after the newest published one, with the hash of its exact text. Two
 * drafts published at once would claim the same number: the unique index refuses the second (23505).
 */
export async function publishDraft(db: DbOrTx, params: { documentId: string; sha256: string; publishedAt: Date }) {
  const [row] = await db
    .update(policyDocument)
    .set({
      sha256: params.sha256,
      publishedAt: params.publishedAt,
      version: sql`(select coalesce(max(p.version), 0) + 1 from ${policyDocument} p
        where p.site_id = ${policyDocument.siteId} and p.kind = ${policyDocument.kind}
          and p.language = ${policyDocument.language} and p.published_at is not null)`,
    })
    .where(and(eq(policyDocument.id, params.documentId), isNull(policyDocument.publishedAt)))
    .returning({
      id: policyDocument.id,
      kind: policyDocument.kind,
      language: policyDocument.language,
      version: policyDocument.version,
    });
  return row ?? null;
}

export async function deleteDraft(db: DbOrTx, params: { documentId: string }) {
  const [row] = await db
    .delete(policyDocument)
    .where(and(eq(policyDocument.id, params.documentId), isNull(policyDocument.publishedAt)))
    .returning({ id: policyDocument.id });
  return row ?? null;
}
