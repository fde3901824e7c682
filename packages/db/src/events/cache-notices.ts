import postgres from 'postgres';
import { connectionLimits } from '../client.ts';

/** Where a change to a site's settings or documents is announced (migration 0025's trigger), with the site's id. */
export const CACHE_CHANNEL = 'threshold_cache';

export interface CacheNoticeHandlers {
  /** A site's settings or documents changed (committed). */
  changed: (siteId: string) => void;
  /**
   * LISTEN is (again) in place: from now on every change is announced. Notices sent while the connection was closed
   * are lost, so anything remembered before may be stale.
   */
  listening: () => void;
}

/**
 * LISTENs for cache notices on a connection of its own. postgres.js reconnects a closed LISTEN connection by itself
 * and calls `listening` again. It does not say when that connection is lost (and a silently dropped network is only
 * noticed much later), so a cache must also bound how long it trusts what it holds.
 */
export async function listenForCacheNotices(
  url: string,
  handlers: CacheNoticeHandlers,
  options: { applicationName?: string } = {},
): Promise<{ close: () => Promise<void> }> {
  const sql = postgres(url, {
    max: 1,
    onnotice: () => {},
    ...connectionLimits,
    ...(options.applicationName ? { connection: { application_name: options.applicationName } } : {}),
  });
  try {
    const { unlisten } = await sql.listen(CACHE_CHANNEL, handlers.changed, handlers.listening);
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
