import type postgres from 'postgres';
import { LIVE_CHANNEL, type LiveEvent } from './live-event.ts';

/** Sent in place of events that may have been missed: refetch whatever you show. */
export interface LiveResync {
  type: 'resync';
}
export type LiveMessage = LiveEvent | LiveResync;

/** One site's events; with `staffId`, only those that carry that member of staff's id. */
export interface LiveFilter {
  siteId: string;
  staffId?: string;
}

export interface LiveListener {
  /**
   * `onMessage` runs inside the LISTEN connection's data handler: it must be quick and must not throw.
   * `onClose` runs once if the listener closes while subscribed.
   */
  subscribe(filter: LiveFilter, onMessage: (message: LiveMessage) => void, onClose?: () => void): () => void;
  subscriberCount(): number;
  /** Ends every subscription (their `onClose`) and stops listening; never fails, so shutdown can go on. */
  close(): Promise<void>;
}

interface Subscriber {
  filter: LiveFilter;
  onMessage: (message: LiveMessage) => void;
  onClose: (() => void) | undefined;
}

/**
 * One LISTEN per server process, fanned out to the subscribers of that process. `parse` checks a payload
 * (this package depends on no schema library); anything it refuses, like anything that is not JSON, is ignored.
 *
 * postgres.js LISTENs on a connection of its own, created by the first `listen` on `sql`. When that
 * connection closes it reconnects (with its usual backoff) and LISTENs again, then calls `onlisten`;
 * notifications sent in between are lost, so every subscriber is then sent a resync.
 */
export async function createLiveListener(
  sql: postgres.Sql,
  parse: (payload: unknown) => LiveEvent | null,
): Promise<LiveListener> {
  const subscribers = new Set<Subscriber>();
  let listening = false;
  const deliver = (raw: string) => {
    const event = parsePayload(raw, parse);
    if (!event) return;
    for (const s of subscribers) if (matches(s.filter, event)) s.onMessage(event);
  };
  const relistened = () => {
    if (!listening) return;
    for (const s of subscribers) s.onMessage({ type: 'resync' });
  };
  const { unlisten } = await sql.listen(LIVE_CHANNEL, deliver, relistened);
  listening = true;
  return {
    subscribe(filter, onMessage, onClose) {
      const subscriber: Subscriber = { filter, onMessage, onClose };
      subscribers.add(subscriber);
      return () => {
        subscribers.delete(subscriber);
      };
    },
    subscriberCount: () => subscribers.size,
    async close() {
      listening = false;
      const ending = [...subscribers];
      subscribers.clear();
      for (const s of ending) s.onClose?.();
      // A connection that is already gone (PostgreSQL stopping first, as on Ctrl-C) listens to nothing.
      await unlisten().catch(() => {});
    },
  };
}

function parsePayload(raw: string, parse: (payload: unknown) => LiveEvent | null): LiveEvent | null {
  try {
    return parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

function matches(filter: LiveFilter, event: LiveEvent): boolean {
  if (event.siteId !== filter.siteId) return false;
  return filter.staffId === undefined || event.staffId === filter.staffId;
}
