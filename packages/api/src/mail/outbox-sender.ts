import {
  type ClaimedOutboxMessage,
  claimPendingOutbox,
  type Db,
  markOutboxFailed,
  markOutboxSent,
  type Tx,
} from '@threshold/db';
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

type Outcome = 'sent' | 'failed' | 'none';

async function sendOne(
  tx: Tx,
  mailer: Mailer,
  row: ClaimedOutboxMessage,
  options: SendOutboxOptions,
): Promise<'sent' | 'failed'> {
  const fail = async (error: string, giveUp: boolean) => {
    await markOutboxFailed(tx, { id: row.id, error, giveUp: giveUp || row.attempts >= options.maxAttempts });
    return 'failed' as const;
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
  return 'sent';
}

/**
 * Sends pending outbox messages, oldest first, each in its own transaction that holds the row's lock from claim to
 * mark: a second sender (another server process) skips locked rows, so a message is never sent twice at once, and
 * one message failing does not touch the others. If the process dies after the SMTP server accepted a message but
 * before the commit, the row is still pending and is sent again (at least once; the stable Message-ID lets mail
 * systems see the repeat). Logs nothing: addresses, names and contents stay out of the logs.
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
      if (!row) return 'none';
      tried.push(row.id);
      return sendOne(tx, mailer, row, options);
    });
    if (outcome === 'none') break;
    result[outcome] += 1;
  }
  return result;
}
