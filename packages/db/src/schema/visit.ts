import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { nameWords } from '../name-search.ts';
import { kioskDevice } from './kiosk.ts';
import { organisation, site } from './organisation.ts';
import { staff } from './staff.ts';

// Visitor personal data (name, organisation) is read and written only through queries/visits.ts,
// so application-level encryption can later land in one place.
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
    visitorName: text('visitor_name').notNull(),
    visitorOrganisation: text('visitor_organisation').notNull(),
    category: text('category').notNull(),
    purpose: text('purpose').notNull().default(''),
    // What the visitor typed as their host, and the member of staff it matched (if any) at this site.
    hostName: text('host_name'),
    hostStaffId: text('host_staff_id').references(() => staff.id),
    visitorEmail: text('visitor_email'),
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
    // The log's name search: words of the name, matched by their beginnings (see name-search.ts).
    index('visit_name_search_idx').using('gin', nameWords(t.visitorName)),
    index('visit_on_site_idx').on(t.siteId, t.signedInAt.desc()).where(sql`${t.signedOutAt} is null`),
    uniqueIndex('visit_sign_out_key_idx').on(t.siteId, t.signOutKey),
  ],
);
