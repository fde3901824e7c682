import type { DbOrTx, LiveEvent } from '@threshold/db';
import { afterCommit } from '../jobs/after-commit.ts';

/**
 * The one way a change tells live boards and escort phones about itself: the events go into the after-commit
 * outbox in the change's own transaction, and the drain sends them as NOTIFY (jobs/after-commit.ts).
 *
 * Why not NOTIFY inside the transaction, which PostgreSQL also delivers only at commit? Committing a transaction that
 * notified takes a database-wide lock on the notification queue, so every such commit waits for the others: under a
 * lobby's worth of sign-ins that serialised the kiosk's commits. The outbox row is a plain insert that commits or
 * rolls back with the change, is never lost once committed, and one drain notifies for a whole batch. Its cost is the
 * drain's delay: every tRPC mutation (trpc.ts) and every escort check (escort/timers.ts) kicks the drain when it
 * returns, so a board hears of a change within milliseconds; anything else waits at most the drain's interval.
 */
export function publishLive(tx: DbOrTx, events: LiveEvent[]): Promise<void> {
  if (events.length === 0) return Promise.resolve();
  return afterCommit(
    tx,
    events.map((payload) => ({ kind: 'live_event', payload })),
  );
}
