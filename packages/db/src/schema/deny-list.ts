import { sql } from 'drizzle-orm';
import { date, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { encryptedText } from '../crypto/encrypted-column.ts';
import { organisation, site } from './organisation.ts';
import { staff } from './staff.ts';
import { visit } from './visit.ts';

/**
 * A person who must not be let in without a coordinator deciding, for the whole organisation (someone dangerous to one
 * refuge is dangerous to its other sites). Names, aliases, date of birth and reason are encrypted; matching goes
 * through deny_list_name's keyed hashes. A removed entry keeps only its removal record: its personal fields are
 * blanked and its hashes deleted.
 */
export const denyListEntry = pgTable(
  'deny_list_entry',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    fullName: encryptedText('full_name').notNull(),
    // A JSON array of strings, encrypted as one value.
    aliases: encryptedText('aliases').notNull(),
    dateOfBirth: encryptedText('date_of_birth'),
    reason: encryptedText('reason').notNull(),
    reviewBy: date('review_by').notNull(),
    addedByStaffId: text('added_by_staff_id')
      .notNull()
      .references(() => staff.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedByStaffId: text('removed_by_staff_id').references(() => staff.id),
    removalNote: encryptedText('removal_note'),
  },
  (t) => [index('deny_list_entry_review_idx').on(t.organisationId, t.reviewBy).where(sql`${t.removedAt} is null`)],
);

/** One keyed hash per name or alias of an entry: its normalised words, sorted, so word order and accents do not matter. */
export const denyListName = pgTable(
  'deny_list_name',
  {
    entryId: uuid('entry_id')
      .notNull()
      .references(() => denyListEntry.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    token: text('token').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.entryId, t.token] }),
    index('deny_list_name_token_idx').on(t.organisationId, t.token),
  ],
);

/**
 * The deny-list check of every kiosk sign-in (a row for each, so a match costs the same work as none): `clear`,
 * `match` or `check_failed` (the check could not run: held all the same). A held visit waits for a coordinator to
 * admit or refuse it; the decision note is encrypted. Goes with its visit when retention destroys it.
 */
export const visitScreening = pgTable(
  'visit_screening',
  {
    visitId: uuid('visit_id')
      .primaryKey()
      .references(() => visit.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    outcome: text('outcome').notNull(),
    matchedEntryIds: uuid('matched_entry_ids').array().notNull().default(sql`'{}'::uuid[]`),
    screenedAt: timestamp('screened_at', { withTimezone: true }).notNull(),
    decision: text('decision'),
    decidedByStaffId: text('decided_by_staff_id').references(() => staff.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: encryptedText('decision_note'),
  },
  (t) => [
    index('visit_screening_pending_idx').on(t.siteId).where(sql`${t.outcome} <> 'clear' and ${t.decision} is null`),
  ],
);
