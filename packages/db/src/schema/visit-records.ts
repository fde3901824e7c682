import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { encryptedBytes, encryptedText } from '../crypto/encrypted-column.ts';
import { policyDocument } from './document.ts';
import { visit } from './visit.ts';

/** The visitor's signature on the Confidentiality for Visitors form: which exact text, when, and the image. */
export const visitSignature = pgTable(
  'visit_signature',
  {
    visitId: uuid('visit_id')
      .primaryKey()
      .references(() => visit.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => policyDocument.id),
    documentSha256: text('document_sha256').notNull(),
    // Both encrypted at rest (crypto/encrypted-column.ts).
    typedName: encryptedText('typed_name').notNull(),
    signaturePng: encryptedBytes('signature_png').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
    // Where a site accepts an earlier signature of the same version, the visitor is given a secret reference to
    // present next time; only its SHA-256 is kept. A reused signature records the visit it was first given at.
    referenceHash: text('reference_hash'),
    reusedFromVisitId: uuid('reused_from_visit_id'),
  },
  (t) => [index('visit_signature_reference_idx').on(t.referenceHash).where(sql`${t.referenceHash} is not null`)],
);

/** Policies received and the no-photography statement acknowledged, each with its exact version. */
export const visitAcknowledgement = pgTable(
  'visit_acknowledgement',
  {
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visit.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => policyDocument.id),
    kind: text('kind').notNull(),
    documentSha256: text('document_sha256').notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.visitId, t.documentId] }), index('visit_ack_document_idx').on(t.documentId)],
);
