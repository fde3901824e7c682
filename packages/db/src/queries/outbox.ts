import { and, asc, desc, eq, inArray, isNotNull, lte, notInArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { outboxMessage } from '../schema/outbox.ts';

export interface ClaimedOutboxMessage {
  id: string;
  organisationId: string;
  siteId: string | null;
  visitId: string | null;
  template: string;
  toAddress: string;
  /** Including this attempt. */
  attempts: number;
  payload: unknown;
}

/**
 * Takes up to `limit` pending messages, oldest first, and counts an attempt on each, in one statement. The row
 * locks skip rows another sender holds, but they last only as long as the caller's transaction: call this inside a
 * transaction that stays open until the message is marked sent or failed, or a second sender will claim the same
 * rows as soon as this statement commits. `organisationId` limits the claim to one organisation's messages;
 * `skipIds` leaves out rows this sender already tried in the current run (so a failure is not retried at once).
 */
export async function claimPendingOutbox(
  db: DbOrTx,
  params: { limit: number; organisationId?: string; skipIds?: readonly string[] },
): Promise<ClaimedOutboxMessage[]> {
  const skip = params.skipIds ?? [];
  // A CTE is evaluated once; `id in (subquery … limit n)` may be re-run per row and claim more than `limit`.
  const pending = db.$with('pending').as(
    db
      .select({ id: outboxMessage.id })
      .from(outboxMessage)
      .where(
        and(
          eq(outboxMessage.status, 'pending'),
          lte(outboxMessage.nextAttemptAt, sql`now()`),
          isNotNull(outboxMessage.toAddress),
          params.organisationId === undefined ? undefined : eq(outboxMessage.organisationId, params.organisationId),
          skip.length === 0 ? undefined : notInArray(outboxMessage.id, [...skip]),
        ),
      )
      .orderBy(asc(outboxMessage.createdAt))
      .limit(params.limit)
      .for('update', { skipLocked: true }),
  );
  const claimed = await db
    .with(pending)
    .update(outboxMessage)
    .set({ attempts: sql`${outboxMessage.attempts} + 1` })
    .where(
      and(inArray(outboxMessage.id, db.select({ id: pending.id }).from(pending)), eq(outboxMessage.status, 'pending')),
    )
    .returning({
      id: outboxMessage.id,
      organisationId: outboxMessage.organisationId,
      siteId: outboxMessage.siteId,
      visitId: outboxMessage.visitId,
      template: outboxMessage.template,
      toAddress: outboxMessage.toAddress,
      payload: outboxMessage.payload,
      attempts: outboxMessage.attempts,
    });
  // Only rows with an address are claimed (see the filter above); this narrows the type.
  return claimed.flatMap((row) => (row.toAddress === null ? [] : [{ ...row, toAddress: row.toAddress }]));
}

export async function markOutboxSent(db: DbOrTx, params: { id: string; sentAt: Date }): Promise<void> {
  await db
    .update(outboxMessage)
    .set({ status: 'sent', sentAt: params.sentAt, lastError: null, toAddress: null })
    .where(eq(outboxMessage.id, params.id));
}

/** Longest error text kept: enough for a code and a reason, too short to hold a message body. */
const MAX_ERROR_LENGTH = 200;

/**
 * Records a failed attempt: back to 'pending' for another try, or 'failed' when `giveUp`. The caller passes a
 * short reason (an error code), never anything from the message or the server's reply, which can echo addresses.
 * Returns when the next try is due, or null when it gave up.
 */
export async function markOutboxFailed(
  db: DbOrTx,
  params: { id: string; error: string; giveUp: boolean },
): Promise<{ nextAttemptAt: Date | null }> {
  const [row] = await db
    .update(outboxMessage)
    .set({
      status: params.giveUp ? 'failed' : 'pending',
      lastError: params.error.slice(0, MAX_ERROR_LENGTH),
      // 2, 4, 8 … minutes after this attempt, at most an hour.
      nextAttemptAt: sql`now() + least(power(2, ${outboxMessage.attempts}), 60) * interval '1 minute'`,
    })
    .where(eq(outboxMessage.id, params.id))
    .returning({ nextAttemptAt: outboxMessage.nextAttemptAt });
  return { nextAttemptAt: params.giveUp ? null : (row?.nextAttemptAt ?? null) };
}

/** Queues a message that belongs to no visit (a notice to staff about the mail itself). */
export async function insertSiteOutboxMessage(
  db: DbOrTx,
  params: { organisationId: string; siteId: string; template: string; toAddress: string; payload: object },
): Promise<void> {
  await db.insert(outboxMessage).values(params);
}

/** Whether a message of this template is still waiting to be sent at the site. */
export async function hasPendingOutbox(db: DbOrTx, params: { siteId: string; template: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: outboxMessage.id })
    .from(outboxMessage)
    .where(
      and(
        eq(outboxMessage.siteId, params.siteId),
        eq(outboxMessage.template, params.template),
        eq(outboxMessage.status, 'pending'),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** How many of a site's messages the sender gave up on. */
export async function countFailedOutbox(db: DbOrTx, params: { siteId: string }): Promise<number> {
  const [row] = await db
    .select({ failed: sql<number>`count(*)::int` })
    .from(outboxMessage)
    .where(and(eq(outboxMessage.siteId, params.siteId), eq(outboxMessage.status, 'failed')));
  return row?.failed ?? 0;
}

/**
 * Puts a site's failed messages (all of them, or those in `ids`) back in the queue as if new: pending, no attempts
 * counted, due now. Messages of other sites, and messages that are not failed, are left alone. Returns the ids.
 */
export async function requeueFailedOutbox(
  db: DbOrTx,
  params: { siteId: string; ids?: readonly string[] },
): Promise<string[]> {
  const rows = await db
    .update(outboxMessage)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()`, lastError: null })
    .where(
      and(
        eq(outboxMessage.siteId, params.siteId),
        eq(outboxMessage.status, 'failed'),
        params.ids === undefined ? undefined : inArray(outboxMessage.id, [...params.ids]),
      ),
    )
    .returning({ id: outboxMessage.id });
  return rows.map((r) => r.id);
}

/** The site a message belongs to, or null: for the CLI, which may be given a message id alone. */
export async function getOutboxMessageSiteId(db: DbOrTx, params: { id: string }): Promise<string | null> {
  const [row] = await db
    .select({ siteId: outboxMessage.siteId })
    .from(outboxMessage)
    .where(eq(outboxMessage.id, params.id));
  return row?.siteId ?? null;
}

const adminColumns = {
  id: outboxMessage.id,
  template: outboxMessage.template,
  payload: outboxMessage.payload,
  toAddress: outboxMessage.toAddress,
  status: outboxMessage.status,
  attempts: outboxMessage.attempts,
  lastError: outboxMessage.lastError,
  createdAt: outboxMessage.createdAt,
  sentAt: outboxMessage.sentAt,
  visitId: outboxMessage.visitId,
};

/** A site's messages, newest first, for the admin outbox view. */
export async function listOutbox(db: DbOrTx, params: { siteId: string; limit: number }) {
  return db
    .select(adminColumns)
    .from(outboxMessage)
    .where(eq(outboxMessage.siteId, params.siteId))
    .orderBy(desc(outboxMessage.createdAt), desc(outboxMessage.id))
    .limit(params.limit);
}

/** One message, only if it belongs to the given site (so an admin cannot read another site's mail by id). */
export async function getOutboxMessage(db: DbOrTx, params: { id: string; siteId: string }) {
  const [row] = await db
    .select(adminColumns)
    .from(outboxMessage)
    .where(and(eq(outboxMessage.id, params.id), eq(outboxMessage.siteId, params.siteId)));
  return row ?? null;
}
