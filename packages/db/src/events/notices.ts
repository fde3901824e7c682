import net from 'node:net';
import postgres from 'postgres';
import { connectionLimits } from '../client.ts';

/** Where a change to a site's settings or documents is announced (migration 0025's trigger), with the site's id. */
export const CACHE_CHANNEL = 'threshold_cache';
/** Where a change to a kiosk (revoked, renamed, moved, deleted) is announced, with the device's id (migration 0026). */
export const KIOSK_CHANNEL = 'threshold_kiosk';

export interface NoticeHandlers {
  /** Something changed (committed): the id the trigger announced. */
  changed: (id: string) => void;
  /**
   * LISTEN is (again) in place: from now on every change is announced. Notices sent while the connection was closed
   * are lost, so anything remembered before may be stale.
   */
  listening: () => void;
  /** The LISTEN connection closed: changes are not announced until `listening` is called again. */
  lost?: () => void;
}

/**
 * LISTENs on `channel` on a connection of its own, for a per-process cache. postgres.js reconnects a closed LISTEN
 * connection by itself and calls `listening` again, but does not say when the connection closed, so the socket is
 * opened here to see its `close` (a revoked tablet must be refused at once). A silently dropped network is only
 * noticed much later, so a cache must also bound how long it trusts what it holds.
 */
export async function listenForNotices(
  url: string,
  channel: string,
  handlers: NoticeHandlers,
  options: { applicationName?: string } = {},
): Promise<{ close: () => Promise<void> }> {
  const sql = postgres(url, {
    max: 1,
    onnotice: () => {},
    ...connectionLimits,
    socket: (settings, host, port) =>
      openWatchedSocket(settings.path ? { path: settings.path } : { host, port }, () => handlers.lost?.()),
    ...(options.applicationName ? { connection: { application_name: options.applicationName } } : {}),
  });
  try {
    const { unlisten } = await sql.listen(channel, handlers.changed, handlers.listening);
    return {
      close: async () => {
        await unlisten().catch(() => {});
        await sql.end({ timeout: 5 });
      },
    };
  } catch (err) {
    await sql.end({ timeout: 5 });
    throw err;
  }
}

function openWatchedSocket(target: net.NetConnectOpts, onClose: () => void) {
  return new Promise<net.Socket & { end: (data?: Uint8Array) => unknown }>((resolve, reject) => {
    const socket = net.connect(target);
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.setNoDelay(true);
      socket.once('close', onClose);
      // postgres.js calls end with data or nothing; net.Socket's overloads do not type-check against that.
      const end = socket.end.bind(socket);
      resolve(Object.assign(socket, { end: (data?: Uint8Array) => (data ? end(data) : end()) }));
    });
  });
}
