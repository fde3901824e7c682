import { createMailer, sendPendingOutbox } from '@threshold/api';
import type { Db } from '@threshold/db';
import { logError } from './log.ts';

const INTERVAL_MS = 5_000;

/**
 * Sends queued email every few seconds. Safe with several server processes: each message is claimed under a
 * row lock (SKIP LOCKED), so it is sent by exactly one of them.
 */
export function startOutboxWorker(db: Db, smtpUrl: string, from: string): { stop: () => Promise<void> } {
  const mailer = createMailer(smtpUrl, from);
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (stopped) return;
      await sendPendingOutbox(db, mailer, { limit: 20, maxAttempts: 6, now: () => new Date() }).catch((err: unknown) =>
        logError('outbox', err),
      );
    });
  }, INTERVAL_MS);
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
      mailer.close();
    },
  };
}
