import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisation, site } from './organisation.ts';
import { staff } from './staff.ts';

/**
 * A named, read-only board display for a room (e.g. "Reception screen"). It is added first and paired later, so a
 * re-paired browser keeps the display's name, history and hours; pairing replaces the token, so the old browser stops.
 */
export const boardDisplay = pgTable('board_display', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisation.id),
  siteId: uuid('site_id')
    .notNull()
    .references(() => site.id),
  name: text('name').notNull(),
  // Names are shown only between these minutes of the day, in the site's time zone; outside them, counts only.
  namesFromMinute: integer('names_from_minute').notNull().default(420),
  namesUntilMinute: integer('names_until_minute').notNull().default(1200),
  // Only the SHA-256 of the bearer token is kept, so a database read cannot impersonate a display.
  tokenHash: text('token_hash').unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  pairedAt: timestamp('paired_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
});

export const boardDisplayPairingCode = pgTable(
  'board_display_pairing_code',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    displayId: uuid('display_id')
      .notNull()
      .references(() => boardDisplay.id),
    codeHash: text('code_hash').notNull(),
    createdByStaffId: text('created_by_staff_id').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('board_display_pairing_code_open_idx').on(t.codeHash).where(sql`${t.usedAt} is null`)],
);
