import {
  type ClaimedOutboxMessage,
  claimPendingOutbox,
  type Db,
  markOutboxFailed,
  markOutboxSent,
  type Tx,
} from '@threshold/db';
import { recordOutboxGaveUp } from '../domain/outbox-gave-up.ts';
import type { Mailer, MailMessage } from './mailer.ts';
import { renderOutboxMessage, UnknownTemplateError } from './templates.ts';

export interface SendOutboxOptions {
  /** Most messages to send in this run. */
  limit: number;
  /** After this many failed attempts a message is marked 'failed' and no longer retried. */
  maxAttempts: number;
  now: () => Date;
  /** Only this organisation's messages (a per-organisation sender; tests sharing a database). */
  organisationId?: string;
  /** Told of each failed attempt once it is recorded (committed): ids, codes and counts only, for the log. */
  onFailure?: (failure: OutboxFailure) => void;
}

/** A failed attempt, as far as a log may know it: no address, no name, no content. */
export interface OutboxFailure {
  messageId: string;
  template: string;
  /** Which attempt this was, from 1. */
  attempt: number;
  /** A code: failureReason's, or the sender's own (RENDER_FAILED, VISIT_GONE, UNKNOWN_TEMPLATE). */
  reason: string;
  gaveUp: boolean;
  /** When it will be tried again; null once given up. */
  nextAttemptAt: Date | null;
}

export interface SendOutboxResult {
  sent: number;
  failed: number;
}

/**
 * A short reason to store when sending failed: nodemailer's error code and the SMTP status, nothing else. An SMTP
 * server's reply text often repeats the recipient's address, and an error may quote message content: neither is kept.
 */
export function failureReason(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; responseCode?: unknown };
  const code = typeof e.code === 'string' && /^[A-Z0-9_]{1,32}$/.test(e.code) ? e.code : 'ERROR';
  const status = typeof e.responseCode === 'number' ? ` ${e.responseCode}` : '';
  return `${code}${status}`;
}

type Outcome = { kind: 'sent' } | { kind: 'failed'; failure: OutboxFailure } | { kind: 'none' };

async function sendOne(
  tx: Tx,
  mailer: Mailer,
  row: ClaimedOutboxMessage,
  options: SendOutboxOptions,
): Promise<Outcome> {
  const fail = async (reason: string, permanent: boolean): Promise<Outcome> => {
    const giveUp = permanent || row.attempts >= options.maxAttempts;
    const { nextAttemptAt } = await markOutboxFailed(tx, { id: row.id, error: reason, giveUp });
    if (giveUp) await recordOutboxGaveUp(tx, row, reason);
    const failure = {
      messageId: row.id,
      template: row.template,
      attempt: row.attempts,
      reason,
      gaveUp: giveUp,
      nextAttemptAt,
    };
    return { kind: 'failed', failure };
  };
  let message: MailMessage | null;
  try {
    // A savepoint, so a query that fails while rendering leaves the transaction usable for marking the row.
    message = await tx.transaction((sp) => renderOutboxMessage(sp, row));
  } catch (err) {
    // An unknown template stays unknown however often it is retried; a render can fail on a passing database error.
    return err instanceof UnknownTemplateError ? fail('UNKNOWN_TEMPLATE', true) : fail('RENDER_FAILED', false);
  }
  if (!message) return fail('VISIT_GONE', true);
  try {
    await mailer.send(message);
  } catch (err) {
    return fail(failureReason(err), false);
  }
  await markOutboxSent(tx, { id: row.id, sentAt: options.now() });
  return { kind: 'sent' };
}

/** One log line for a failed attempt: "message 6f… (signed_form_copy) attempt 3 failed: ECONNECTION; next try in 8 min". */
export function describeOutboxFailure(failure: OutboxFailure, now: Date): string {
  const head = `message ${failure.messageId} (${failure.template}) attempt ${failure.attempt} failed: ${failure.reason}`;
  if (failure.gaveUp || !failure.nextAttemptAt) {
    const attempts = failure.attempt === 1 ? '1 attempt' : `${failure.attempt} attempts`;
    return `${head}; gave up after ${attempts} (send it again from the Outbox, or: npm run threshold -- outbox resend --id ${failure.messageId})`;
  }
  const minutes = Math.max(1, Math.round((failure.nextAttemptAt.getTime() - now.getTime()) / 60_000));
  return `${head}; next try in ${minutes} min`;
}

/**
 * Sends pending outbox messages, oldest first, each in its own transaction that holds the row's lock from claim to
 * mark: a second sender (another server process) skips locked rows, so a message is never sent twice at once, and
 * one message failing does not touch the others. If the process dies after the SMTP server accepted a message but
 * before the commit, the row is still pending and is sent again (at least once; the stable Message-ID lets mail
 * systems see the repeat). Logs nothing itself: each failure goes to `onFailure` as ids and codes, so addresses, names
 * and contents stay out of the logs. Giving up on a message records it and alerts the site's admins in the same
 * transaction (see recordOutboxGaveUp).
 */
export async function sendPendingOutbox(db: Db, mailer: Mailer, options: SendOutboxOptions): Promise<SendOutboxResult> {
  const result: SendOutboxResult = { sent: 0, failed: 0 };
  // Rows tried in this run: one that failed goes back to 'pending' and would otherwise be claimed again at once,
  // spending all its attempts in a single run instead of across runs.
  const tried: string[] = [];
  for (let i = 0; i < options.limit; i++) {
    const outcome = await db.transaction(async (tx): Promise<Outcome> => {
      const [row] = await claimPendingOutbox(tx, {
        limit: 1,
        skipIds: tried,
        ...(options.organisationId === undefined ? {} : { organisationId: options.organisationId }),
      });
      if (!row) return { kind: 'none' };
      tried.push(row.id);
      return sendOne(tx, mailer, row, options);
    });
    if (outcome.kind === 'none') break;
    result[outcome.kind] += 1;
    if (outcome.kind === 'failed') options.onFailure?.(outcome.failure);
  }
  return result;
}
