import { deviceToken } from './device-token.ts';
import { KEPT_DATABASE } from './offline/idb.ts';

/**
 * Removes every trace of a visitor the browser could hold: storage (except this device's pairing token),
 * IndexedDB (except the tablet's own database of records it could not send yet — encrypted, under an opaque name —
 * and its reserved codes), and the history entry's state, so nothing can be recovered by the next person at the kiosk.
 */
export async function wipeVisitorTraces(): Promise<void> {
  const token = deviceToken.get();
  sessionStorage.clear();
  localStorage.clear();
  if (token) deviceToken.set(token);
  history.replaceState(null, '', location.pathname);
  const databases = (await indexedDB.databases?.()) ?? [];
  await Promise.all(
    databases.map(
      (db) =>
        new Promise<void>((resolve) => {
          if (!db.name || db.name === KEPT_DATABASE) return resolve();
          const request = indexedDB.deleteDatabase(db.name);
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    ),
  );
}
