import { boolean, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisation, site } from './organisation.ts';

/** A member of staff; also better-auth's "user" model. */
export const staff = pgTable('staff', {
  id: text('id').primaryKey(),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisation.id),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  active: boolean('active').notNull().default(true),
  twoFactorEnabled: boolean('two_factor_enabled').notNull().default(false),
  // A password someone else saw (the CLI printed it for the first admin) must be replaced before anything else works.
  passwordChangeRequired: boolean('password_change_required').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Roles are held per site: a coordinator at one site has no rights at another. */
export const staffRole = pgTable(
  'staff_role',
  {
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    role: text('role').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.siteId, t.role] }), index('staff_role_site_idx').on(t.siteId)],
);
