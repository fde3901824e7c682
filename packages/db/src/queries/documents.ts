import { and, desc, eq, inArray, isNotNull, type Placeholder, type SQL, sql } from 'drizzle-orm';
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

/**
 * The staff policy as it stands: the newest published version in each language, except translations published
 * before the newest English version — they translate an older text, so accepting one does not count until the
 * translation is brought up to date. (English is the reference text, as it is the fallback everywhere.)
 */
export function currentStaffPolicyIds(siteId: string | Placeholder): SQL {
  return sql`select d.id from (
      select distinct on (language) id, published_at from policy_document
       where site_id = ${siteId} and kind = 'staff_policy' and published_at <= now()
       order by language, version desc) d
    where d.published_at >= coalesce((select max(published_at) from policy_document
       where site_id = ${siteId} and kind = 'staff_policy' and language = 'en' and published_at <= now()),
       '-infinity')`;
}

/** The staff policy versions a member of staff may accept now (see currentStaffPolicyIds). */
export function listCurrentStaffPolicies(db: DbOrTx, params: { siteId: string }): Promise<CurrentDocument[]> {
  return listCurrentDocuments(db, {
    siteId: params.siteId,
    kinds: ['staff_policy'],
    within: currentStaffPolicyIds(params.siteId),
  });
}

/**
 * The newest published version of each (kind, language) at a site, as of `at` (default: now); all languages unless
 * `languages` is given.
 */
export async function listCurrentDocuments(
  db: DbOrTx,
  params: { siteId: string; kinds: readonly string[]; languages?: readonly string[]; within?: SQL; at?: Date },
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
        params.within ? sql`${policyDocument.id} in (${params.within})` : undefined,
        params.at
          ? sql`${policyDocument.publishedAt} <= ${params.at.toISOString()}`
          : sql`${policyDocument.publishedAt} <= now()`,
      ),
    )
    .orderBy(policyDocument.kind, policyDocument.language, sql`${policyDocument.version} desc`);
}

/** One published version of a document, without its text: what a sign-in checks the visitor's documents against. */
export interface PublishedVersion {
  id: string;
  kind: string;
  language: string;
  version: number;
  sha256: string;
  publishedAt: Date;
}

/** Every published version (scheduled ones too) of the given kinds at a site, newest version first. */
export async function listPublishedVersions(
  db: DbOrTx,
  params: { siteId: string; kinds: readonly string[] },
): Promise<PublishedVersion[]> {
  const rows = await db
    .select({
      id: policyDocument.id,
      kind: policyDocument.kind,
      language: policyDocument.language,
      version: policyDocument.version,
      sha256: policyDocument.sha256,
      publishedAt: policyDocument.publishedAt,
    })
    .from(policyDocument)
    .where(
      and(
        eq(policyDocument.siteId, params.siteId),
        inArray(policyDocument.kind, [...params.kinds]),
        isNotNull(policyDocument.publishedAt),
      ),
    )
    .orderBy(desc(policyDocument.version));
  return rows.flatMap((r) => (r.publishedAt ? [{ ...r, publishedAt: r.publishedAt }] : []));
}
