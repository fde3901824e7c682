import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { preparedQueries } from '../prepared-query.ts';
import { jobOutbox } from '../schema/system.ts';

export interface JobOutboxRow {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
}

/** Queues work to follow the commit of the transaction `tx` belongs to. */
export async function insertJobOutbox(tx: DbOrTx, rows: { kind: string; payload: object }[]): Promise<void> {
  if (rows.length === 0) return;
  // Placeholders named by row: kind0, payload0, …
  const values: Record<string, unknown> = {};
  rows.forEach((row, i) => {
    values[`kind${i}`] = row.kind;
    values[`payload${i}`] = row.payload;
  });
  await insertRows(tx, rows.length, values);
}

const insertRows = preparedQueries((db, count: number) =>
  db
    .insert(jobOutbox)
    .values(
      Array.from({ length: count }, (_, i) => ({
        kind: sql.placeholder(`kind${i}`),
        payload: sql.placeholder(`payload${i}`),
      })),
    )
    .prepare('insert_job_outbox'),
);

/**
 * Locks up to `limit` due rows of the given kinds, oldest first, skipping rows another worker holds. Call it in a
 * transaction that stays open until the rows are handed on and deleted.
 */
export async function claimJobOutbox(tx: DbOrTx, params: { kinds: readonly string[]; limit: number }) {
  return tx
    .select({ id: jobOutbox.id, kind: jobOutbox.kind, payload: jobOutbox.payload, attempts: jobOutbox.attempts })
    .from(jobOutbox)
    .where(and(inArray(jobOutbox.kind, [...params.kinds]), lte(jobOutbox.nextAttemptAt, sql`now()`)))
    .orderBy(asc(jobOutbox.id))
    .limit(params.limit)
    .for('update', { skipLocked: true });
}

export async function deleteJobOutbox(tx: DbOrTx, ids: number[]): Promise<void> {
  if (ids.length > 0) await tx.delete(jobOutbox).where(inArray(jobOutbox.id, ids));
}

/** A row whose hand-on failed: tried again after 1, 2, 4 … seconds, at most a minute. */
export async function postponeJobOutbox(tx: DbOrTx, id: number): Promise<void> {
  await tx
    .update(jobOutbox)
    .set({
      attempts: sql`${jobOutbox.attempts} + 1`,
      nextAttemptAt: sql`now() + least(power(2, ${jobOutbox.attempts}), 60) * interval '1 second'`,
    })
    .where(eq(jobOutbox.id, id));
}
