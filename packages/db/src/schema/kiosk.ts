import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
  // The tablet's own report, every half minute while it can reach the server: what it holds that it could not send
  // yet (a count and the oldest one's time; never what they are).
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
  queuedCount: integer('queued_count').notNull().default(0),
  queuedSince: timestamp('queued_since', { withTimezone: true }),
});

/**
 * Visit codes set aside for one tablet, so it can hand a visitor a badge while it cannot reach the server and the
 * code is still unique at the site when the sign-in arrives. The tablet uses them in `seq` order; a sign-in that
 * uses one removes it.
 */
export const kioskVisitCode = pgTable(
  'kiosk_visit_code',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    code: text('code').notNull(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => kioskDevice.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    reservedAt: timestamp('reserved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.code] }), uniqueIndex('kiosk_visit_code_seq_idx').on(t.deviceId, t.seq)],
);

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
