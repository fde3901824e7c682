import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { preparedInsertRows } from '../prepared-query.ts';
import { jobOutbox } from '../schema/system.ts';

export interface JobOutboxRow {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
}

/** Queues work to follow the commit of the transaction `tx` belongs to. */
export const insertJobOutbox: (tx: DbOrTx, rows: { kind: string; payload: object }[]) => Promise<void> =
  preparedInsertRows('insert_job_outbox', jobOutbox, ['kind', 'payload']);

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
