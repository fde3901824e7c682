import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { policyDocument } from '../schema/document.ts';
import { site } from '../schema/organisation.ts';
import { visit } from '../schema/visit.ts';
import { visitAcknowledgement, visitSignature } from '../schema/visit-records.ts';

export interface SignedFormDocument {
  kind: string;
  title: string;
  body: string;
  version: number;
  language: string;
  sha256: string;
}

export interface SignedFormRecord {
  visitId: string;
  visitorName: string;
  visitorOrganisation: string;
  signedInAt: Date;
  language: string;
  site: { name: string; concealed: boolean; timezone: string };
  /** Null when no signature was taken at this visit (e.g. a recent signature of the same version was accepted). */
  signature: {
    typedName: string;
    signedAt: Date;
    png: Buffer;
    /** The hash recorded at signing; compare with document.sha256 to see the text was not changed since. */
    documentSha256: string;
    document: SignedFormDocument;
  } | null;
  acknowledgements: {
    kind: string;
    acknowledgedAt: Date;
    documentSha256: string;
    document: SignedFormDocument;
  }[];
}

const documentColumns = {
  kind: policyDocument.kind,
  title: policyDocument.title,
  body: policyDocument.body,
  version: policyDocument.version,
  language: policyDocument.language,
  sha256: policyDocument.sha256,
};

// The order in which the signed copy presents what the visitor agreed to and received.
const kindOrder = sql`case ${policyDocument.kind}
  when 'visitor_confidentiality_form' then 0
  when 'confidentiality_policy' then 1
  when 'disclosure_policy' then 2
  when 'no_photography_statement' then 3
  else 4 end`;

/**
 * Everything the visitor's signed copy shows, or null when the visit no longer exists (e.g. destroyed under
 * retention). Reads visitor personal data, so it lives here with the other such reads.
 */
export async function getSignedFormRecord(db: DbOrTx, params: { visitId: string }): Promise<SignedFormRecord | null> {
  const [head] = await db
    .select({
      visitId: visit.id,
      visitorName: visit.visitorName,
      visitorOrganisation: visit.visitorOrganisation,
      signedInAt: visit.signedInAt,
      language: visit.language,
      site: { name: site.name, concealed: site.concealed, timezone: site.timezone },
    })
    .from(visit)
    .innerJoin(site, eq(site.id, visit.siteId))
    .where(eq(visit.id, params.visitId));
  if (!head) return null;

  const [signature] = await db
    .select({
      typedName: visitSignature.typedName,
      signedAt: visitSignature.signedAt,
      png: visitSignature.signaturePng,
      documentSha256: visitSignature.documentSha256,
      document: documentColumns,
    })
    .from(visitSignature)
    .innerJoin(policyDocument, eq(policyDocument.id, visitSignature.documentId))
    .where(eq(visitSignature.visitId, params.visitId));

  const acknowledgements = await db
    .select({
      kind: visitAcknowledgement.kind,
      acknowledgedAt: visitAcknowledgement.acknowledgedAt,
      documentSha256: visitAcknowledgement.documentSha256,
      document: documentColumns,
    })
    .from(visitAcknowledgement)
    .innerJoin(policyDocument, eq(policyDocument.id, visitAcknowledgement.documentId))
    .where(eq(visitAcknowledgement.visitId, params.visitId))
    .orderBy(kindOrder, asc(visitAcknowledgement.acknowledgedAt));

  return { ...head, signature: signature ?? null, acknowledgements };
}
