import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisation, site } from './organisation.ts';
import { staff } from './staff.ts';

export const kioskDevice = pgTable('kiosk_device', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisation.id),
  siteId: uuid('site_id')
    .notNull()
    .references(() => site.id),
  name: text('name').notNull(),
  // Only the SHA-256 of the bearer token is kept, so a database read cannot impersonate a kiosk.
  tokenHash: text('token_hash').notNull().unique(),
  pairedAt: timestamp('paired_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
});

export const kioskPairingCode = pgTable(
  'kiosk_pairing_code',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    codeHash: text('code_hash').notNull(),
    createdByStaffId: text('created_by_staff_id').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    deviceId: uuid('device_id').references(() => kioskDevice.id),
  },
  (t) => [index('kiosk_pairing_code_open_idx').on(t.codeHash).where(sql`${t.usedAt} is null`)],
);
