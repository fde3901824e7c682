import { sql } from 'drizzle-orm';
import { bigint, boolean, check, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The last time start-up verified that no personal value is stored in clear: the latest migration applied then and
 * the keys configured. Clear values can only come from a migration (a column that became encrypted) or a new
 * keyring, so start-up scans again only when one of these differs, instead of reading every visit on every boot.
 * One row at most.
 */
export const encryptionCheck = pgTable(
  'encryption_check',
  {
    only: boolean('only').primaryKey().default(true),
    // drizzle's created_at (folder millis) of the latest migration applied when the check ran.
    migration: bigint('migration', { mode: 'number' }).notNull(),
    // The configured key ids, current last: no key material.
    keyIds: text('key_ids').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('encryption_check_one_row', sql`${t.only}`)],
);
