import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './bytea.ts';
import { policyDocument } from './document.ts';
import { visit } from './visit.ts';

/** The visitor's signature on the Confidentiality for Visitors form: which exact text, when, and the image. */
export const visitSignature = pgTable('visit_signature', {
  visitId: uuid('visit_id')
    .primaryKey()
    .references(() => visit.id, { onDelete: 'cascade' }),
  documentId: uuid('document_id')
    .notNull()
    .references(() => policyDocument.id),
  documentSha256: text('document_sha256').notNull(),
  typedName: text('typed_name').notNull(),
  signaturePng: bytea('signature_png').notNull(),
  signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
});

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
