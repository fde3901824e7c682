import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Fixed-window counters for throttling (pairing guesses, wrong visit codes, PIN attempts). */
export const rateLimit = pgTable('rate_limit', {
  key: text('key').primaryKey(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});

/** Secrets generated on first start when none is configured (e.g. the session-signing secret). */
export const instanceSecret = pgTable('instance_secret', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Work that must follow a commit (live events, escort timers), written in the same transaction as the change, so a
 * failure after the commit can delay it but never lose it. The job worker hands each row on, then deletes it.
 * Payloads carry ids and numbers only.
 */
export const jobOutbox = pgTable(
  'job_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('job_outbox_due_idx').on(t.nextAttemptAt)],
);
