import type { DbOrTx } from '../client.ts';
import { outboxMessage } from '../schema/outbox.ts';
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
  },
): Promise<void> {
  await db.insert(visitSignature).values(params);
}

export async function insertVisitAcknowledgements(
  db: DbOrTx,
  rows: { visitId: string; documentId: string; kind: string; documentSha256: string; acknowledgedAt: Date }[],
): Promise<void> {
  if (rows.length > 0) await db.insert(visitAcknowledgement).values(rows);
}

export async function insertOutboxMessage(
  db: DbOrTx,
  params: { organisationId: string; siteId: string; visitId: string; template: string; toAddress: string },
): Promise<void> {
  await db.insert(outboxMessage).values(params);
}
