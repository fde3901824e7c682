import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

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
