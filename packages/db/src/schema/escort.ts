import { sql } from 'drizzle-orm';
import { boolean, date, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { policyDocument } from './document.ts';
import { site } from './organisation.ts';
import { staff } from './staff.ts';
import { visit } from './visit.ts';

/** An escort's PIN for confirming at the kiosk; kept apart from `staff` so no auth response can ever carry it. */
export const staffPin = pgTable('staff_pin', {
  staffId: text('staff_id')
    .primaryKey()
    .references(() => staff.id, { onDelete: 'cascade' }),
  pinHash: text('pin_hash').notNull(),
  setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Safeguarding training completed (a history; the latest date counts). */
export const staffTraining = pgTable(
  'staff_training',
  {
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    completedOn: date('completed_on').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.completedOn] })],
);

/** A member of staff's acceptance of a version of the staff confidentiality / child-protection policy. */
export const staffPolicyAcknowledgement = pgTable(
  'staff_policy_acknowledgement',
  {
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => policyDocument.id),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.documentId] })],
);

/** Whether a member of staff is on duty at a site (an escort off duty cannot be assigned). */
export const staffDuty = pgTable(
  'staff_duty',
  {
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    onDuty: boolean('on_duty').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.siteId] })],
);

/**
 * Who is responsible for a visitor, and since when. At most one open (not ended) assignment per visit; a handover
 * offer names the escort who must accept before responsibility moves.
 */
export const escortAssignment = pgTable(
  'escort_assignment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visit.id, { onDelete: 'cascade' }),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmedVia: text('confirmed_via'),
    offeredToStaffId: text('offered_to_staff_id').references(() => staff.id),
    offeredAt: timestamp('offered_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
  },
  (t) => [
    uniqueIndex('escort_assignment_open_idx').on(t.visitId).where(sql`${t.endedAt} is null`),
    index('escort_assignment_staff_idx').on(t.staffId).where(sql`${t.endedAt} is null`),
    index('escort_assignment_visit_idx').on(t.visitId, t.assignedAt),
  ],
);
