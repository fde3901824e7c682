import superjson from 'superjson';
import { type Sealed, seal, unseal } from './crypto.ts';
import { done, STORE, transact } from './idb.ts';
import type { Payload, QueuedRecord } from './records.ts';
import { timeOf } from './records.ts';

/** Counts only: this is all the screen and the heartbeat ever learn about what the tablet holds. */
export interface QueueSummary {
  signIns: number;
  signOuts: number;
  /** Records that could not be decrypted: still counted (never silently dropped), never sent. */
  unreadable: number;
  /** When the oldest record was signed, or null when the queue is empty. */
  oldest: Date | null;
}

interface StoredRecord extends Sealed {
  id: number;
}

const EMPTY: QueueSummary = { signIns: 0, signOuts: 0, unreadable: 0, oldest: null };

/**
 * Completed sign-ins and sign-outs the server has not acknowledged yet, oldest first, sealed (crypto.ts) in the kept
 * IndexedDB database so they survive an idle reset, a reload and a restart of the tablet.
 */
export class Outbox {
  private summary: QueueSummary = EMPTY;
  private readonly listeners = new Set<() => void>();

  /** Stores a record and resolves with its id once it is committed to disk. */
  async add(payload: Payload): Promise<number> {
    const sealed = await seal(superjson.stringify(payload));
    const id = await transact([STORE.records], 'readwrite', (tx) =>
      done(tx.objectStore(STORE.records).add({ iv: sealed.iv, data: sealed.data })),
    );
    await this.refresh();
    return Number(id);
  }

  /** Every record, oldest first (ids grow with each record added). */
  async all(): Promise<QueuedRecord[]> {
    const stored = await transact([STORE.records], 'readonly', (tx) =>
      done<StoredRecord[]>(tx.objectStore(STORE.records).getAll()),
    );
    return Promise.all(
      stored.map(async ({ id, iv, data }) => ({
        id,
        payload: await unseal({ iv, data }).then(
          (text) => superjson.parse<Payload>(text),
          () => null,
        ),
      })),
    );
  }

  async remove(id: number): Promise<void> {
    await transact([STORE.records], 'readwrite', (tx) => done(tx.objectStore(STORE.records).delete(id)));
    await this.refresh();
  }

  /** Recounts from disk and tells whoever shows the counts. */
  async refresh(): Promise<QueueSummary> {
    this.summary = summarise(await this.all());
    for (const listener of this.listeners) listener();
    return this.summary;
  }

  current = (): QueueSummary => this.summary;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

function summarise(records: QueuedRecord[]): QueueSummary {
  if (records.length === 0) return EMPTY;
  const times = records.flatMap((r) => (r.payload ? [timeOf(r.payload).getTime()] : []));
  return {
    signIns: records.filter((r) => r.payload?.kind === 'sign-in').length,
    signOuts: records.filter((r) => r.payload?.kind === 'sign-out').length,
    unreadable: records.filter((r) => r.payload === null).length,
    oldest: times.length > 0 ? new Date(Math.min(...times)) : null,
  };
}
