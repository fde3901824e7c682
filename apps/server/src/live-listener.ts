import { listenForLiveEvents } from '@threshold/api';
import { createDb, type LiveListener } from '@threshold/db';

export interface LiveHub {
  listener: LiveListener;
  /** Ends every open subscription (browsers reconnect elsewhere), then the LISTEN connection. */
  close: () => Promise<void>;
}

/**
 * The process's one LISTEN, on a client of its own rather than the pool's: postgres.js would open a separate
 * connection for it anyway, and this way shutdown can end the live streams and that connection first, while
 * requests still in flight keep their pool.
 */
export async function startLiveHub(appUrl: string): Promise<LiveHub> {
  const handle = createDb(appUrl, { max: 1 });
  try {
    const listener = await listenForLiveEvents(handle.sql);
    return {
      listener,
      close: async () => {
        await listener.close();
        await handle.close();
      },
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
