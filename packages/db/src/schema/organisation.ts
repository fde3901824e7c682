import { sql } from 'drizzle-orm';
import { boolean, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const organisation = pgTable('organisation', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  // Escorts need safeguarding training within this many months to be assigned.
  escortTrainingValidMonths: integer('escort_training_valid_months').notNull().default(6),
  // Admins and coordinators must sign in with a TOTP code as well as their password.
  requireTwoFactor: boolean('require_two_factor').notNull().default(false),
  // Compliance: the escort must confirm within this many minutes of sign-in.
  escortConfirmTargetMinutes: integer('escort_confirm_target_minutes').notNull().default(10),
  // Retention: visits are destroyed this many months after they end (sign-out or recorded departure) unless held.
  retentionMonths: integer('retention_months').notNull().default(36),
  // Local time (HH:MM) of the nightly purge, read in the time zone of the organisation's first site.
  retentionPurgeTime: text('retention_purge_time').notNull().default('02:00'),
  // A concern's automatic hold comes up for review this many days after the concern.
  concernReviewDays: integer('concern_review_days').notNull().default(14),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const site = pgTable('site', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisation.id),
  name: text('name').notNull(),
  // No default: a wrong zone silently moves closing time and every day boundary, so each insert must choose one.
  timezone: text('timezone').notNull(),
  // A concealed site (e.g. a refuge) never prints its name on badges or emails.
  concealed: boolean('concealed').notNull().default(false),
  // The categories the kiosk offers, in order; a subset of the product's categories.
  visitorCategories: text('visitor_categories')
    .array()
    .notNull()
    .default(
      sql`'{researcher,donor,sponsor,volunteer,student_placement,professional_other_agency,contractor,other}'::text[]`,
    ),
  idleTimeoutSeconds: integer('idle_timeout_seconds').notNull().default(60),
  // The kiosk's badge screen goes back to welcome this long after showing the badge, so the next person never reads it.
  badgeReturnSeconds: integer('badge_return_seconds').notNull().default(20),
  // 0: the visitor form is signed at every visit; N: a signature of the same version within N months is accepted.
  signatureValidMonths: integer('signature_valid_months').notNull().default(0),
  badgeFormat: text('badge_format').notNull().default('label-62mm'),
  // "Visitor astray": time after sign-in without a confirmed escort (default 5 minutes), and a visit's expected length.
  escortConfirmSeconds: integer('escort_confirm_seconds').notNull().default(300),
  expectedVisitMinutes: integer('expected_visit_minutes').notNull().default(120),
  // Local time (HH:MM, the site's time zone) at which visits still open become "departure unconfirmed".
  closingTime: text('closing_time').notNull().default('20:00'),
  // A site's own retention period in months (e.g. a service policy 003 keeps longer); null: the organisation's.
  retentionMonths: integer('retention_months'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
