import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisation, site } from './organisation.ts';
import { staff } from './staff.ts';
import { visit } from './visit.ts';

/** A "visitor astray" alert: open until a member of staff acknowledges it with a note. One open alert per kind per visit. */
export const alert = pgTable(
  'alert',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    visitId: uuid('visit_id').references(() => visit.id, { onDelete: 'cascade' }),
    staffId: text('staff_id').references(() => staff.id),
    kind: text('kind').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedByStaffId: text('acknowledged_by_staff_id').references(() => staff.id),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('alert_open_idx').on(t.visitId, t.kind).where(sql`${t.acknowledgedAt} is null`),
    index('alert_site_open_idx').on(t.siteId, t.raisedAt).where(sql`${t.acknowledgedAt} is null`),
    // Deleting a visit (retention, erasure) checks its foreign key here: without this, a scan per visit.
    index('alert_visit_idx').on(t.visitId),
  ],
);
