/**
 * The one IndexedDB database the kiosk keeps across visitors: records it could not send yet (encrypted), the key that
 * encrypts them, its reserved visit codes and its clock offset. The names are deliberately opaque: database names
 * are readable by anyone at the tablet (indexedDB.databases()), so they must say nothing about what is inside.
 * privacy.ts keeps this database (and only this one) when it wipes a visitor's traces.
 */
export const KEPT_DATABASE = 'k1';
export const STORE = {
  /** The AES-GCM key (a non-extractable CryptoKey). */
  key: 'a',
  /** Queued records: `{ id, iv, data }`, ciphertext only. */
  records: 'b',
  /** Reserved visit codes: `{ seq, code }` (not personal: printed on the next badges). */
  codes: 'c',
  /** Small device values: last code used, clock offset. */
  meta: 'd',
} as const;

type StoreName = (typeof STORE)[keyof typeof STORE];

let opening: Promise<IDBDatabase> | null = null;

export function keptDatabase(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(KEPT_DATABASE, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore(STORE.key);
      db.createObjectStore(STORE.records, { keyPath: 'id', autoIncrement: true });
      db.createObjectStore(STORE.codes, { keyPath: 'seq' });
      db.createObjectStore(STORE.meta);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

export function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Runs `work` in one transaction over `stores` and resolves once it has committed (not merely once the requests
 * succeeded), so a caller that tells a visitor "kept" only does so once it is on disk.
 */
export async function transact<T>(
  stores: StoreName[],
  mode: IDBTransactionMode,
  work: (tx: IDBTransaction) => Promise<T>,
): Promise<T> {
  const db = await keptDatabase();
  const tx = db.transaction(stores, mode, { durability: 'strict' });
  const committed = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
  try {
    const result = await work(tx);
    await committed;
    return result;
  } catch (error) {
    // The work's error is the one reported; the abort only undoes what it had half done.
    committed.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // It had already finished: nothing to undo.
    }
    throw error;
  }
}
