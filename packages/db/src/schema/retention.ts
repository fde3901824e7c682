import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisation } from './organisation.ts';

/**
 * One run of the retention purge for one organisation: when, which periods applied, how many rows of each kind went
 * and how many expired visits were kept because of a hold. Counts, ids of sites and dates only: no personal data.
 */
export const retentionPurge = pgTable(
  'retention_purge',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    // 'schedule' (the nightly job) or 'command' (the command line).
    trigger: text('trigger').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    // 'running', 'finished' or 'failed'.
    status: text('status').notNull().default('running'),
    // Per site: { siteId, months, cutoff }.
    periods: jsonb('periods').notNull().default([]),
    // Rows removed per kind (visits, signatures, … disclosureRequests).
    counts: jsonb('counts').notNull().default({}),
    skippedHeld: integer('skipped_held').notNull().default(0),
  },
  (t) => [index('retention_purge_org_idx').on(t.organisationId, t.startedAt.desc())],
);
