import { done, STORE, transact } from './idb.ts';

/**
 * How far the server's clock is ahead of the tablet's, from one heartbeat: the server's time is taken to be the
 * middle of the round trip.
 */
export function clockOffsetMs(serverTime: Date, sentAt: number, receivedAt: number): number {
  return Math.round(serverTime.getTime() - (sentAt + receivedAt) / 2);
}

const OFFSET = 'clockOffsetMs';

/**
 * The tablet's clock corrected to the server's, so a record kept through an outage carries the server's idea of when
 * the visitor signed. The offset is kept on disk: after a restart offline the last one known still applies.
 */
export class TabletClock {
  private offsetMs = 0;

  async load(): Promise<void> {
    const stored: unknown = await transact([STORE.meta], 'readonly', (tx) =>
      done(tx.objectStore(STORE.meta).get(OFFSET)),
    );
    if (typeof stored === 'number') this.offsetMs = stored;
  }

  async set(offsetMs: number): Promise<void> {
    this.offsetMs = offsetMs;
    await transact([STORE.meta], 'readwrite', (tx) => done(tx.objectStore(STORE.meta).put(offsetMs, OFFSET)));
  }

  now = (): Date => new Date(Date.now() + this.offsetMs);
}
