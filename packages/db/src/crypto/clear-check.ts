import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { encryptionCheck } from '../schema/encryption-check.ts';
import { activeKeyring } from './keyring.ts';
import { hasClearValues, type ReencryptCounts, reencryptAll } from './reencrypt.ts';

/** What start-up's check for clear values did: nothing to do since the last check, found none, or encrypted some. */
export type ClearCheckResult =
  | { outcome: 'skipped' }
  | { outcome: 'verified' }
  | { outcome: 'encrypted'; total: ReencryptCounts };

/** The state a check is valid for: the latest migration applied and the configured key ids (current last). */
async function currentState(db: DbOrTx): Promise<{ migration: number; keyIds: string }> {
  // drizzle's migrator records each applied migration with its journal time; the latest names the schema's version.
  const [row] = await db.execute<{ migration: string | null }>(
    sql`select max(created_at)::text as migration from drizzle.__drizzle_migrations`,
  );
  const keyring = activeKeyring();
  const ids = [...keyring.keys.keys()].filter((id) => id !== keyring.current);
  return { migration: Number(row?.migration ?? 0), keyIds: [...ids, keyring.current].join(',') };
}

/**
 * Encrypts values stored in clear (from before a column became encrypted) unless this database was already verified
 * at its current migration with the same keys. Scanning reads every visit (about a second at a million), so it runs
 * after an upgrade or a key change rather than on every start. Needs the owner role: signatures may be rewritten only
 * by the owner (migration 0015).
 */
export async function encryptClearValuesOnce(
  db: DbOrTx,
  params: { batchSize: number; onEncrypting?: () => void },
): Promise<ClearCheckResult> {
  const state = await currentState(db);
  const [last] = await db.select().from(encryptionCheck);
  if (last && last.migration === state.migration && last.keyIds === state.keyIds) return { outcome: 'skipped' };
  let result: ClearCheckResult = { outcome: 'verified' };
  if (await hasClearValues(db)) {
    params.onEncrypting?.();
    result = { outcome: 'encrypted', total: await reencryptAll(db, { batchSize: params.batchSize, via: 'start' }) };
  }
  // Written only after every clear value is encrypted: a start that fails part-way scans again next time.
  await db
    .insert(encryptionCheck)
    .values({ only: true, ...state, checkedAt: new Date() })
    .onConflictDoUpdate({ target: encryptionCheck.only, set: { ...state, checkedAt: new Date() } });
  return result;
}
