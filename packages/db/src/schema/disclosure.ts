import { date, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisation, site } from './organisation.ts';
import { staff } from './staff.ts';
import { visit } from './visit.ts';

/**
 * A request for information from another agency or person (policy 001): who asked, what, whether the person's
 * consent was sought, whether they were told, what was released and who decided. Read and written only through
 * queries/disclosures.ts. Kept and destroyed like visits: the retention purge finds old ones by `created_at`.
 */
export const disclosureRequest = pgTable(
  'disclosure_request',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    requesterName: text('requester_name').notNull(),
    requesterRole: text('requester_role').notNull().default(''),
    agency: text('agency').notNull(),
    receivedOn: date('received_on').notNull(),
    requested: text('requested').notNull(),
    consent: text('consent').notNull(),
    reasonWithoutConsent: text('reason_without_consent').notNull().default(''),
    toldOn: date('told_on'),
    notToldReason: text('not_told_reason').notNull().default(''),
    released: text('released').notNull().default(''),
    releasedOn: date('released_on'),
    decidedByStaffId: text('decided_by_staff_id')
      .notNull()
      .references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('disclosure_request_site_idx').on(t.siteId, t.receivedOn.desc(), t.id.desc()),
    index('disclosure_request_created_idx').on(t.createdAt),
  ],
);

/** The visits a request was about; destroying a visit drops the link, not the request. */
export const disclosureVisit = pgTable(
  'disclosure_visit',
  {
    disclosureId: uuid('disclosure_id')
      .notNull()
      .references(() => disclosureRequest.id, { onDelete: 'cascade' }),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visit.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.disclosureId, t.visitId] }), index('disclosure_visit_visit_idx').on(t.visitId)],
);
