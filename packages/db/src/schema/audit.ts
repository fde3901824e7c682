import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisation } from './organisation.ts';

// Audit rows reference visits by id only (no foreign key, no personal data in clear),
// so destroying a visit under retention never breaks the trail.
export const auditEvent = pgTable(
  'audit_event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    siteId: uuid('site_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    type: text('type').notNull(),
    visitId: uuid('visit_id'),
    data: jsonb('data').notNull().default({}),
  },
  (t) => [index('audit_event_visit_idx').on(t.visitId), index('audit_event_org_idx').on(t.organisationId, t.id)],
);
