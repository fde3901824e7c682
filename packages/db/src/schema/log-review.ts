import { date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisation, site } from './organisation.ts';
import { staff } from './staff.ts';

/** A coordinator's sign-off that they reviewed a period of the visitor log and its exception report. */
export const logReview = pgTable(
  'log_review',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    periodFrom: date('period_from').notNull(),
    periodTo: date('period_to').notNull(),
    visitCount: integer('visit_count').notNull(),
    // The exception counts the reviewer saw when signing (kind → count), kept as they were.
    exceptions: jsonb('exceptions').notNull(),
    note: text('note').notNull().default(''),
    signedOffByStaffId: text('signed_off_by_staff_id')
      .notNull()
      .references(() => staff.id),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('log_review_site_idx').on(t.siteId, t.periodTo.desc())],
);
