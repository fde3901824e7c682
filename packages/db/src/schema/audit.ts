import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
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
    // The hash chain (one per organisation) is filled in by the sealer shortly after commit, never at insert, so
    // sign-ins do not queue behind a chain lock. A trigger lets these three be set once and nothing else change.
    seq: bigint('seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_event_visit_idx').on(t.visitId),
    index('audit_event_org_idx').on(t.organisationId, t.id),
    // The audit browse by kind, newest first: without it a rare kind (a screening decision) read the whole table.
    index('audit_event_site_type_idx').on(t.siteId, t.type, t.id),
    unique('audit_event_org_seq_key').on(t.organisationId, t.seq),
    // The sealer's work queue: small, because rows leave it within seconds.
    index('audit_event_unsealed_idx').on(t.organisationId, t.id).where(sql`hash is null`),
    // An admin CSV export's pages are served only against the audit row that started it (looked up by export id).
    index('audit_event_export_idx').on(sql`(${t.data}->>'exportId')`).where(sql`type = 'visits.exported'`),
  ],
);
