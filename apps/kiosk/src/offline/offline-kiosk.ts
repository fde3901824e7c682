import type { ApiClient } from '../api.ts';
import { deviceToken } from '../device-token.ts';
import { warmOfflineReads } from '../pwa.ts';
import { TabletClock } from './clock.ts';
import { ReservedCodes } from './codes.ts';
import { Heartbeat } from './heartbeat.ts';
import { Outbox } from './queue.ts';
import { Sender } from './sender.ts';

// The documents are refreshed in the worker's cache this often while online (and whenever a worker takes charge).
const WARM_EVERY_MS = 5 * 60_000;

export type OfflineKiosk = ReturnType<typeof createOfflineKiosk>;

/** Everything that keeps the kiosk working through an outage, wired together once per page. */
export function createOfflineKiosk(
  client: ApiClient,
  options: { languages: readonly string[]; onUnauthorized: (error: unknown) => void },
) {
  const outbox = new Outbox();
  const codes = new ReservedCodes();
  const clock = new TabletClock();
  const canSend = () => deviceToken.get() !== null;
  const sender = new Sender({ client, outbox, canSend, onUnauthorized: options.onUnauthorized });
  let warmedAt = 0;
  const warm = (force: boolean) => {
    if (!force && Date.now() - warmedAt < WARM_EVERY_MS) return;
    warmedAt = Date.now();
    void warmOfflineReads(client, options.languages);
  };
  const heartbeat = new Heartbeat({
    client,
    outbox,
    codes,
    clock,
    canSend,
    onUnauthorized: options.onUnauthorized,
    onAnswered: () => {
      sender.kick();
      warm(false);
    },
  });
  const online = () => {
    sender.kick();
    void heartbeat.beatNow();
  };

  return {
    outbox,
    codes,
    clock,
    sender,
    /** Loads what the tablet kept, then beats and sends; returns a stop function. */
    start(): () => void {
      void Promise.all([outbox.refresh(), codes.recount(), clock.load()]).then(() => heartbeat.start());
      window.addEventListener('online', online);
      return () => {
        heartbeat.stop();
        window.removeEventListener('online', online);
      };
    },
    /** A new pairing is a new device: fresh codes, and a beat at once to fetch them. */
    async paired(): Promise<void> {
      await codes.reset();
      online();
    },
    /** A service worker has just taken charge: fill its cache with the status and documents. */
    controlled(): void {
      warm(true);
    },
  };
}
