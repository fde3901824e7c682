import type { LiveMessage } from '@threshold/api';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from './api.ts';

/** What the live connection can honestly claim: events are arriving, or they are not (yet, or any more). */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

// A refusal from the server (say, while its database restarts) ends the subscription; try again after this.
const RETRY_AFTER_ERROR_MS = 15_000;

/**
 * Subscribes to the site's live events and passes each message to `onEvent`: an event (ids only) or a
 * resync, sent when the subscription starts and whenever events may have been missed, after which the
 * caller should refetch what it shows. Live only from the server's resync on the current connection.
 */
export function useLiveSite(siteId: string, onEvent: (message: LiveMessage) => void): LiveStatus {
  const trpc = useTRPC();
  // Which site has been live, and whether it still is; a lost connection turns "live" into "reconnecting".
  const [synced, setSynced] = useState<{ siteId: string; live: boolean } | null>(null);
  const lost = () => setSynced((s) => (s ? { ...s, live: false } : s));
  const { status, reset } = useSubscription(
    trpc.live.site.subscriptionOptions(
      { siteId },
      {
        onData: (message) => {
          if (message.type === 'resync') setSynced({ siteId, live: true });
          onEvent(message);
        },
        onConnectionStateChange: (state) => {
          if (state.state === 'connecting') lost();
        },
        onError: lost,
      },
    ),
  );
  useEffect(() => {
    if (status !== 'error') return;
    const timer = setTimeout(reset, RETRY_AFTER_ERROR_MS);
    return () => clearTimeout(timer);
  }, [status, reset]);
  if (synced?.siteId !== siteId) return 'connecting';
  return synced.live ? 'live' : 'reconnecting';
}
