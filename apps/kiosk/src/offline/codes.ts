import { done, STORE, transact } from './idb.ts';

export interface ReservedCode {
  seq: number;
  code: string;
}

const USED_THROUGH = 'usedThroughSeq';

/**
 * The visit codes the server set aside for this tablet (kiosk.heartbeat), used in `seq` order. Every sign-in, online
 * or not, proposes the next one, so the code printed on the badge is the stored code whichever attempt committed.
 */
export class ReservedCodes {
  private left = 0;
  private readonly listeners = new Set<() => void>();

  /** Takes the next code (it is never offered again) and records it as the last used; null when none are left. */
  async take(): Promise<ReservedCode | null> {
    const taken = await transact([STORE.codes, STORE.meta], 'readwrite', async (tx) => {
      const cursor = await done(tx.objectStore(STORE.codes).openCursor());
      if (!cursor) return null;
      const next = cursor.value as ReservedCode;
      await done(cursor.delete());
      await done(tx.objectStore(STORE.meta).put(next.seq, USED_THROUGH));
      return next;
    });
    await this.recount();
    return taken;
  }

  /** The last code's sequence number the tablet has handed out (0: none yet), for the heartbeat. */
  usedThroughSeq(): Promise<number> {
    return transact([STORE.meta], 'readonly', async (tx) => {
      const value: unknown = await done(tx.objectStore(STORE.meta).get(USED_THROUGH));
      return typeof value === 'number' ? value : 0;
    });
  }

  /**
   * Keeps the server's list of this tablet's unused codes. A code taken while the heartbeat was on its way is not
   * put back: only codes after the last one used (read in the same transaction) are kept.
   */
  async replace(codes: readonly ReservedCode[]): Promise<void> {
    await transact([STORE.codes, STORE.meta], 'readwrite', async (tx) => {
      const used: unknown = await done(tx.objectStore(STORE.meta).get(USED_THROUGH));
      const store = tx.objectStore(STORE.codes);
      await done(store.clear());
      for (const code of codes) {
        if (code.seq > (typeof used === 'number' ? used : 0)) store.put({ seq: code.seq, code: code.code });
      }
    });
    await this.recount();
  }

  /** A new pairing is a new device to the server: its codes start again from the first. */
  async reset(): Promise<void> {
    await transact([STORE.codes, STORE.meta], 'readwrite', async (tx) => {
      await done(tx.objectStore(STORE.codes).clear());
      await done(tx.objectStore(STORE.meta).delete(USED_THROUGH));
    });
    await this.recount();
  }

  async recount(): Promise<number> {
    this.left = await transact([STORE.codes], 'readonly', (tx) => done(tx.objectStore(STORE.codes).count()));
    for (const listener of this.listeners) listener();
    return this.left;
  }

  count = (): number => this.left;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
