import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { encryptedText } from '../crypto/encrypted-column.ts';
import { kioskDevice } from './kiosk.ts';
import { organisation, site } from './organisation.ts';
import { staff } from './staff.ts';

// Visitor personal data (name, organisation, purpose, host typed, email) is stored AES-256-GCM encrypted
// (crypto/encrypted-column.ts); raw SQL reads of these columns get envelopes and decrypt them in JS.
export const visit = pgTable(
  'visit',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    kioskDeviceId: uuid('kiosk_device_id').references(() => kioskDevice.id),
    idempotencyKey: uuid('idempotency_key').notNull(),
    visitorName: encryptedText('visitor_name').notNull(),
    // Keyed hashes of the name's word prefixes, for name search (crypto/blind-index.ts).
    visitorNameIndex: text('visitor_name_index').array().notNull().default(sql`'{}'`),
    visitorOrganisation: encryptedText('visitor_organisation').notNull(),
    category: text('category').notNull(),
    purpose: encryptedText('purpose')
      .notNull()
      .$defaultFn(() => ''),
    // What the visitor typed as their host, and the member of staff it matched (if any) at this site.
    hostName: encryptedText('host_name'),
    hostStaffId: text('host_staff_id').references(() => staff.id),
    visitorEmail: encryptedText('visitor_email'),
    // The keyed hash of the normalised address, for subject access.
    visitorEmailIndex: text('visitor_email_index'),
    language: text('language').notNull().default('en'),
    state: text('state').notNull(),
    visitCode: text('visit_code').notNull(),
    signedInAt: timestamp('signed_in_at', { withTimezone: true }).notNull().defaultNow(),
    signedOutAt: timestamp('signed_out_at', { withTimezone: true }),
    // When the server stored it. Later than signed_in_at when the tablet kept the sign-in through an outage.
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    // The kiosk's key for the sign-out, so a sign-out sent again after a lost answer is recognised.
    signOutKey: uuid('sign_out_key'),
    // Why staff signed the visitor out for them, or what they noted when recording a departure after closing time.
    signOutNote: text('sign_out_note'),
  },
  (t) => [
    uniqueIndex('visit_idempotency_idx').on(t.kioskDeviceId, t.idempotencyKey),
    // A code is unique only among visits still on site; old codes may be reused.
    uniqueIndex('visit_open_code_idx').on(t.siteId, t.visitCode).where(sql`${t.signedOutAt} is null`),
    // The visit log pages newest-first by (signed_in_at, id) per site: keyset pagination.
    index('visit_log_idx').on(t.siteId, t.signedInAt.desc(), t.id.desc()),
    // The log's name search: every typed word's token must be among the name's prefix tokens (`@>`).
    index('visit_name_index_idx').using('gin', t.visitorNameIndex),
    index('visit_email_index_idx').on(t.visitorEmailIndex).where(sql`${t.visitorEmailIndex} is not null`),
    index('visit_on_site_idx').on(t.siteId, t.signedInAt.desc()).where(sql`${t.signedOutAt} is null`),
    uniqueIndex('visit_sign_out_key_idx').on(t.siteId, t.signOutKey),
  ],
);
