import { and, eq, gte, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { outboxMessage } from '../schema/outbox.ts';
import { visit } from '../schema/visit.ts';
import { visitSignature } from '../schema/visit-records.ts';

export interface VisitSignatureRow {
  visitId: string;
  documentId: string;
  documentSha256: string;
  typedName: string;
  signaturePng: Buffer;
  signedAt: Date;
  referenceHash: string | null;
  reusedFromVisitId: string | null;
}

export interface VisitAcknowledgementRow {
  visitId: string;
  documentId: string;
  kind: string;
  documentSha256: string;
  acknowledgedAt: Date;
}

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
