import { createMailer, describeOutboxFailure, type OutboxFailure, sendPendingOutbox } from '@threshold/api';
import { type Db, startLoop } from '@threshold/db';
import { logError } from './log.ts';

// With the backoff (2, 4, 8, 16, 32 minutes) six attempts span about an hour: a short SMTP outage costs nothing.
const MAX_ATTEMPTS = 6;

/** Ids, template names and error codes only: the sender never hands over an address or any content. */
const logFailure = (failure: OutboxFailure) => console.warn(`[mail] ${describeOutboxFailure(failure, new Date())}`);

/**
 * Sends queued email every few seconds. Safe with several server processes: each message is claimed under a
 * row lock (SKIP LOCKED), so it is sent by exactly one of them. Each failed attempt is logged (ids and codes).
 */
export function startOutboxWorker(
  db: Db,
  smtpUrl: string,
  from: string,
  intervalMs: number,
): { stop: () => Promise<void> } {
  const mailer = createMailer(smtpUrl, from);
  const loop = startLoop({
    name: 'outbox',
    intervalMs,
    log: logError,
    run: async () => {
      await sendPendingOutbox(db, mailer, {
        limit: 20,
        maxAttempts: MAX_ATTEMPTS,
        now: () => new Date(),
        onFailure: logFailure,
      });
      return false;
    },
  });
  return {
    stop: async () => {
      await loop.stop();
      mailer.close();
    },
  };
}
