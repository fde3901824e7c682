import { sql } from 'drizzle-orm';
import { date, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisation, site } from './organisation.ts';
import { staff } from './staff.ts';

/**
 * Every version of every form and policy, per site and language. The SHA-256 of the body is computed when the
 * version is written, so a signature can prove exactly which text was signed.
 */
export const policyDocument = pgTable(
  'policy_document',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    kind: text('kind').notNull(),
    language: text('language').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    sha256: text('sha256').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    reviewBy: date('review_by'),
    createdByStaffId: text('created_by_staff_id').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('policy_document_version_idx').on(t.siteId, t.kind, t.language, t.version),
    // One draft per document: two admins starting one at the same moment cannot both succeed.
    uniqueIndex('policy_document_one_draft_idx').on(t.siteId, t.kind, t.language).where(sql`published_at is null`),
  ],
);
