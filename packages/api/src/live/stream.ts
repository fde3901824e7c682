import type { LiveFilter, LiveListener, LiveMessage } from '@threshold/db';

// A client this far behind is sent one resync instead: it refetches everything anyway.
const MAX_PENDING = 100;

/**
 * One subscriber's messages as an async generator: first a resync (from here on every change arrives, so
 * refetch now), then each matching event. Unsubscribes in `finally` when the client leaves (`signal`) or the
 * consumer stops. If the listener closes (server shutdown) it ends with an AbortError, which tRPC turns
 * into a closed stream without its "done" event, so the browser's EventSource reconnects to another process.
 */
export async function* liveMessages(
  listener: LiveListener,
  filter: LiveFilter,
  signal: AbortSignal | undefined,
): AsyncGenerator<LiveMessage, void> {
  let pending: LiveMessage[] = [];
  let listenerClosed = false;
  let wake: (() => void) | null = null;
  const unsubscribe = listener.subscribe(
    filter,
    (message) => {
      if (pending.length < MAX_PENDING) pending.push(message);
      else pending = [{ type: 'resync' }];
      wake?.();
    },
    () => {
      listenerClosed = true;
      wake?.();
    },
  );
  // A waiting generator cannot be returned from outside, so leaving wakes it.
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    yield { type: 'resync' };
    while (!signal?.aborted) {
      const next = pending.shift();
      if (next) {
        yield next;
      } else if (listenerClosed) {
        throw new DOMException('Live updates stopped on this server', 'AbortError');
      } else {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
