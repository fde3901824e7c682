import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';

/** The one channel every server process listens on. */
export const LIVE_CHANNEL = 'threshold_live';

/**
 * A change that staff at a site may want to see at once. Ids and kinds only, never names, codes or emails:
 * any role that can connect may LISTEN, and the event goes to browsers as it is.
 */
export interface LiveEvent {
  type: 'visit' | 'alert' | 'escort';
  organisationId: string;
  siteId: string;
  visitId?: string;
  alertId?: string;
  /** The member of staff the change concerns; escorts are sent only the events that carry their own id. */
  staffId?: string;
}

/**
 * Tells every server process about a change. Call it with the transaction that makes the change: PostgreSQL
 * delivers the notification only when that transaction commits, and never if it rolls back, so nobody is told
 * about a change that did not happen.
 */
export async function notifyLiveEvent(db: DbOrTx, event: LiveEvent): Promise<void> {
  await db.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(payloadOf(event))})`);
}

/** Several events at once, in one statement and in order (as notifyLiveEvent each, in the same transaction). */
export async function notifyLiveEvents(db: DbOrTx, events: LiveEvent[]): Promise<void> {
  if (events.length === 0) return;
  // One text parameter (a JSON array of the payloads as strings), so the statement is the same for any count.
  const payloads = JSON.stringify(events.map((e) => JSON.stringify(payloadOf(e))));
  await db.execute(sql`
    select pg_notify(${LIVE_CHANNEL}, t.p) from json_array_elements_text(${payloads}::json) with ordinality as t(p, n)
     order by t.n`);
}

// Copied field by field: a wider object (a visit row, say) type-checks as a LiveEvent, and must not carry its
// other fields into the payload.
function payloadOf(event: LiveEvent): LiveEvent {
  return {
    type: event.type,
    organisationId: event.organisationId,
    siteId: event.siteId,
    ...(event.visitId === undefined ? {} : { visitId: event.visitId }),
    ...(event.alertId === undefined ? {} : { alertId: event.alertId }),
    ...(event.staffId === undefined ? {} : { staffId: event.staffId }),
  };
}
