import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisation, site } from './organisation.ts';
import { staff } from './staff.ts';
import { visit } from './visit.ts';

/** An evacuation roll call: who was on site when it started, and who has been accounted for since. */
export const rollCall = pgTable(
  'roll_call',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    startedByStaffId: text('started_by_staff_id')
      .notNull()
      .references(() => staff.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    closedByStaffId: text('closed_by_staff_id').references(() => staff.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    // One open roll call per site: a second "start" during an evacuation joins the first.
    uniqueIndex('roll_call_open_idx').on(t.siteId).where(sql`closed_at is null`),
    index('roll_call_site_idx').on(t.siteId, t.startedAt.desc()),
  ],
);

/**
 * A person on the roll call: a visitor (with the escort they had when it started) or a member of staff on duty.
 * Names are not copied here; they are read from the visit or staff row when the list is shown.
 */
export const rollCallEntry = pgTable(
  'roll_call_entry',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    rollCallId: uuid('roll_call_id')
      .notNull()
      .references(() => rollCall.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    visitId: uuid('visit_id').references(() => visit.id),
    staffId: text('staff_id').references(() => staff.id),
    escortStaffId: text('escort_staff_id').references(() => staff.id),
    accountedAt: timestamp('accounted_at', { withTimezone: true }),
    accountedByStaffId: text('accounted_by_staff_id').references(() => staff.id),
  },
  (t) => [
    index('roll_call_entry_call_idx').on(t.rollCallId),
    // Deleting a visit (retention, erasure) checks its foreign key here: without this, a scan per visit.
    index('roll_call_entry_visit_idx').on(t.visitId),
  ],
);
