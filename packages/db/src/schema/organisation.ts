import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const organisation = pgTable('organisation', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const site = pgTable('site', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisation.id),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('Europe/London'),
  // A concealed site (e.g. a refuge) never prints its name on badges or emails.
  concealed: boolean('concealed').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
