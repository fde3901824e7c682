import { type ApiClient, errorCodeOf } from '../api.ts';
import { clockOffsetMs, type TabletClock } from './clock.ts';
import type { ReservedCodes } from './codes.ts';
import type { Outbox } from './queue.ts';

interface HeartbeatDeps {
  client: ApiClient;
  outbox: Outbox;
  codes: ReservedCodes;
  clock: TabletClock;
  canSend: () => boolean;
  /** The server answered: it is reachable now. */
  onAnswered: () => void;
  onUnauthorized: (error: unknown) => void;
}

const DEFAULT_PERIOD_MS = 30_000;

/**
 * Every half minute while paired: tells the server how many records the tablet holds unsent (a count and the oldest
 * one's time — the desk board shows tablets that are offline or holding records) and takes back the server's time
 * and this tablet's reserved visit codes.
 */
export class Heartbeat {
  private periodMs = DEFAULT_PERIOD_MS;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private beating: Promise<void> | null = null;
  private again = false;
  private running = false;

  constructor(private readonly deps: HeartbeatDeps) {}

  start(): void {
    this.running = true;
    void this.beatNow();
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Beats now and restarts the period from here. At most one beat is on its way; asked again meanwhile (the network
   * just came back, while a beat sent into the outage is still failing), it beats once more straight after.
   */
  beatNow(): Promise<void> {
    this.clearTimer();
    if (this.beating) {
      this.again = true;
      return this.beating;
    }
    this.beating = this.beat().finally(() => {
      this.beating = null;
      if (!this.running) return;
      if (this.again) {
        this.again = false;
        void this.beatNow();
      } else {
        this.timer = setTimeout(() => void this.beatNow(), this.periodMs);
      }
    });
    return this.beating;
  }

  private async beat(): Promise<void> {
    const { client, outbox, codes, clock } = this.deps;
    if (!this.deps.canSend()) return;
    try {
      const queue = outbox.current();
      const usedThroughSeq = await codes.usedThroughSeq();
      const sentAt = Date.now();
      const answer = await client.kiosk.heartbeat.mutate({
        queued: queue.signIns + queue.signOuts + queue.unreadable,
        queuedSince: queue.oldest,
        usedThroughSeq,
      });
      await clock.set(clockOffsetMs(answer.serverTime, sentAt, Date.now()));
      await codes.replace(answer.codes);
      this.periodMs = answer.heartbeatSeconds * 1000;
      this.deps.onAnswered();
    } catch (error) {
      // No answer is the normal state of an offline tablet: the next beat tries again.
      if (errorCodeOf(error) === 'UNAUTHORIZED') this.deps.onUnauthorized(error);
    }
  }
}
