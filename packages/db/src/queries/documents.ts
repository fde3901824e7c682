import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { policyDocument } from '../schema/document.ts';

export interface NewDocumentVersion {
  organisationId: string;
  siteId: string;
  kind: string;
  language: string;
  title: string;
  body: string;
  sha256: string;
  publishedAt: Date | null;
  reviewBy: string | null;
  createdByStaffId: string | null;
}

/** Adds the next version of a document (per site, kind and language); versions are never rewritten. */
export async function insertDocumentVersion(db: DbOrTx, doc: NewDocumentVersion) {
  const [row] = await db
    .insert(policyDocument)
    .values({
      ...doc,
      version: sql`(select coalesce(max(${policyDocument.version}), 0) + 1 from ${policyDocument}
                    where ${policyDocument.siteId} = ${doc.siteId} and ${policyDocument.kind} = ${doc.kind}
                      and ${policyDocument.language} = ${doc.language})`,
    })
    .returning({ id: policyDocument.id, version: policyDocument.version });
  if (!row) throw new Error('document insert returned nothing');
  return row;
}

export interface CurrentDocument {
  id: string;
  kind: string;
  language: string;
  version: number;
  title: string;
  body: string;
  sha256: string;
}

/** The newest published version of each (kind, language) at a site; all languages unless `languages` is given. */
export async function listCurrentDocuments(
  db: DbOrTx,
  params: { siteId: string; kinds: readonly string[]; languages?: readonly string[] },
): Promise<CurrentDocument[]> {
  return db
    .selectDistinctOn([policyDocument.kind, policyDocument.language], {
      id: policyDocument.id,
      kind: policyDocument.kind,
      language: policyDocument.language,
      version: policyDocument.version,
      title: policyDocument.title,
      body: policyDocument.body,
      sha256: policyDocument.sha256,
    })
    .from(policyDocument)
    .where(
      and(
        eq(policyDocument.siteId, params.siteId),
        inArray(policyDocument.kind, [...params.kinds]),
        params.languages ? inArray(policyDocument.language, [...params.languages]) : undefined,
        sql`${policyDocument.publishedAt} <= now()`,
      ),
    )
    .orderBy(policyDocument.kind, policyDocument.language, sql`${policyDocument.version} desc`);
}
