import { and, eq, gte, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { preparedInsertRows, preparedQuery } from '../prepared-query.ts';
import { outboxMessage } from '../schema/outbox.ts';
import { visit } from '../schema/visit.ts';
import { visitAcknowledgement, visitSignature } from '../schema/visit-records.ts';

export async function insertVisitSignature(
  db: DbOrTx,
  params: {
    visitId: string;
    documentId: string;
    documentSha256: string;
    typedName: string;
    signaturePng: Buffer;
    signedAt: Date;
    referenceHash: string | null;
    reusedFromVisitId: string | null;
  },
): Promise<void> {
  await insertSignature(db, params);
}

const insertSignature = preparedQuery((db) =>
  db
    .insert(visitSignature)
    .values({
      visitId: sql.placeholder('visitId'),
      documentId: sql.placeholder('documentId'),
      documentSha256: sql.placeholder('documentSha256'),
      typedName: sql.placeholder('typedName'),
      signaturePng: sql.placeholder('signaturePng'),
      signedAt: sql.placeholder('signedAt'),
      referenceHash: sql.placeholder('referenceHash'),
      reusedFromVisitId: sql.placeholder('reusedFromVisitId'),
    })
    .prepare('insert_visit_signature'),
);

/**
 * A signature given at this site on exactly this document version since `signedAfter`, found by the hash of the
 * visitor's secret reference; null when there is none.
 */
export async function findReusableSignature(
  db: DbOrTx,
  params: { referenceHash: string; siteId: string; documentId: string; signedAfter: Date },
) {
  const [row] = await db
    .select({
      visitId: visitSignature.visitId,
      documentSha256: visitSignature.documentSha256,
      typedName: visitSignature.typedName,
      signaturePng: visitSignature.signaturePng,
      signedAt: visitSignature.signedAt,
    })
    .from(visitSignature)
    .innerJoin(visit, eq(visit.id, visitSignature.visitId))
    .where(
      and(
        eq(visitSignature.referenceHash, params.referenceHash),
        // Only a signature actually given, never a copy of one, so a reuse always points at the original visit.
        isNull(visitSignature.reusedFromVisitId),
        eq(visitSignature.documentId, params.documentId),
        eq(visit.siteId, params.siteId),
        gte(visitSignature.signedAt, params.signedAfter),
      ),
    )
    .orderBy(visitSignature.signedAt)
    .limit(1);
  return row ?? null;
}

export const insertVisitAcknowledgements: (
  db: DbOrTx,
  rows: { visitId: string; documentId: string; kind: string; documentSha256: string; acknowledgedAt: Date }[],
) => Promise<void> = preparedInsertRows('insert_visit_acknowledgements', visitAcknowledgement, [
  'visitId',
  'documentId',
  'kind',
  'documentSha256',
  'acknowledgedAt',
]);

export async function insertOutboxMessage(
  db: DbOrTx,
  params: {
    organisationId: string;
    siteId: string;
    visitId: string;
    template: string;
    toAddress: string;
    payload?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(outboxMessage).values(params);
}
