import { sql } from 'drizzle-orm';
import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisation, site } from './organisation.ts';
import { staff } from './staff.ts';
import { visit } from './visit.ts';

/**
 * A concern raised during a visit by its escort or the desk. The note is personal data and stays here, never in the
 * audit trail. Open until a coordinator closes it.
 */
export const safeguardingConcern = pgTable(
  'safeguarding_concern',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    // No cascade: a visit with a concern is held, and a hold must outlive any purge.
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visit.id),
    category: text('category').notNull(),
    note: text('note').notNull(),
    raisedByStaffId: text('raised_by_staff_id')
      .notNull()
      .references(() => staff.id),
    raisedVia: text('raised_via').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedByStaffId: text('closed_by_staff_id').references(() => staff.id),
    closeNote: text('close_note'),
  },
  (t) => [
    index('safeguarding_concern_site_idx').on(t.siteId, t.raisedAt.desc()),
    index('safeguarding_concern_visit_idx').on(t.visitId),
  ],
);

/**
 * A safeguarding hold on a visit: while active (not released) the visit must survive retention purges. At most one
 * active hold per visit. Released holds stay as the record of what was kept and why.
 */
export const safeguardingHold = pgTable(
  'safeguarding_hold',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    // No cascade: deleting a visit that was ever held must be a deliberate step of the purge, not a side effect.
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visit.id),
    reason: text('reason').notNull(),
    note: text('note').notNull().default(''),
    reviewBy: date('review_by').notNull(),
    concernId: uuid('concern_id').references(() => safeguardingConcern.id),
    placedByStaffId: text('placed_by_staff_id')
      .notNull()
      .references(() => staff.id),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    releasedByStaffId: text('released_by_staff_id').references(() => staff.id),
    releaseReason: text('release_reason'),
  },
  (t) => [
    uniqueIndex('safeguarding_hold_active_idx').on(t.visitId).where(sql`${t.releasedAt} is null`),
    index('safeguarding_hold_review_idx').on(t.siteId, t.reviewBy).where(sql`${t.releasedAt} is null`),
    // The active-hold index is partial; deleting a visit checks every hold of it, released ones too.
    index('safeguarding_hold_visit_idx').on(t.visitId),
  ],
);
