import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { encryptedText } from '../crypto/encrypted-column.ts';
import { organisation } from './organisation.ts';
import { visit } from './visit.ts';

/**
 * Email to send, written in the same transaction as the change that causes it (so it is sent exactly when the
 * change commits). Contents are rendered at send time from `template` + `visitId`; in demo mode (no SMTP) the
 * messages stay here for an admin to read.
 */
export const outboxMessage = pgTable(
  'outbox_message',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    siteId: uuid('site_id'),
    visitId: uuid('visit_id').references(() => visit.id, { onDelete: 'cascade' }),
    template: text('template').notNull(),
    // Template parameters: ids and enums only (never personal data in clear).
    payload: jsonb('payload').notNull().default({}),
    // Encrypted like the visitor's own email (it may be theirs). Cleared once the message is sent: the address is
    // needed only to deliver it; a failed message keeps it (encrypted) so an admin can queue it again.
    toAddress: encryptedText('to_address'),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    // Failed attempts back off, so an SMTP outage of a few minutes does not use up every attempt.
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`),
    index('outbox_site_idx').on(t.siteId, t.createdAt),
    // Deleting a visit (retention, erasure) checks its foreign key here: without this, a scan per visit.
    index('outbox_visit_idx').on(t.visitId),
  ],
);
