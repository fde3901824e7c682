import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, timestamp } from 'drizzle-orm/pg-core';

/**
 * The version of the name fold (crypto/name-fold.ts) the stored name hashes (visit name index, deny-list names) were
 * last rewritten for. A release that changes the fold raises its version, and start-up rewrites the hashes once, so
 * a deny-list entry written under the old fold still matches. One row at most.
 */
export const nameFoldCheck = pgTable(
  'name_fold_check',
  {
    only: boolean('only').primaryKey().default(true),
    foldVersion: integer('fold_version').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('name_fold_check_one_row', sql`${t.only}`)],
);
