import net from 'node:net';
import postgres from 'postgres';
import { connectionLimits } from '../client.ts';

/** Where a change to a kiosk (revoked, renamed, moved, deleted) is announced, with the device's id (migration 0026). */
export const KIOSK_CHANNEL = 'threshold_kiosk';

export interface KioskNoticeHandlers {
  /** A kiosk changed (committed). */
  changed: (deviceId: string) => void;
  /** LISTEN is (again) in place: every change from now on is announced; any before may have been missed. */
  listening: () => void;
  /** The LISTEN connection closed: changes are not announced until `listening` is called again. */
  lost: () => void;
}

/**
 * LISTENs for kiosk notices on a connection of its own. Unlike a site's settings, a revoked tablet must be refused
 * at once, so this also says the moment the connection closes (postgres.js only reconnects silently): the socket is
 * opened here to see its `close`.
 */
export async function listenForKioskNotices(
  url: string,
  handlers: KioskNoticeHandlers,
  options: { applicationName?: string } = {},
): Promise<{ close: () => Promise<void> }> {
  const sql = postgres(url, {
    max: 1,
    onnotice: () => {},
    ...connectionLimits,
    socket: (settings, host, port) =>
      openWatchedSocket(settings.path ? { path: settings.path } : { host, port }, () => handlers.lost()),
    ...(options.applicationName ? { connection: { application_name: options.applicationName } } : {}),
  });
  try {
    const { unlisten } = await sql.listen(KIOSK_CHANNEL, handlers.changed, handlers.listening);
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
