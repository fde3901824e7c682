import { createLiveListener, type DbHandle, type LiveEvent, type LiveListener } from '@threshold/db';
import { liveEventSchema } from '@threshold/validators';

/** What `live.site` sends: an event (ids only) or a resync. */
export type { LiveMessage } from '@threshold/db';

/** A NOTIFY payload checked against the shared schema: an event with its ids only, or null. */
export function parseLiveEvent(payload: unknown): LiveEvent | null {
  const parsed = liveEventSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

/**
 * This process's one LISTEN on the live channel. Give it a postgres.js client of its own (max: 1), so
 * shutdown can close it before the pool.
 */
export function listenForLiveEvents(sql: DbHandle['sql']): Promise<LiveListener> {
  return createLiveListener(sql, parseLiveEvent);
}
