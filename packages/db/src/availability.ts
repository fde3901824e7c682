import postgres from 'postgres';
import { reconnectBackoff } from './client.ts';
import { isConnectionError } from './connection-errors.ts';

export interface DatabaseGate {
  /** False from a failed check until the database answers again: requests should then be refused at once. */
  isOpen(): boolean;
  /** When the database stopped answering, or null while it answers. */
  downSince(): Date | null;
  /**
   * Hands the gate an error met on the way. A connection error starts a check (a dropped connection alone, with
   * the database still answering, leaves the gate open); returns whether it was one.
   */
  report(err: unknown): boolean;
  /** Asks the database now (one check at a time) and opens or closes the gate by its answer. */
  check(): Promise<boolean>;
  stop(): Promise<void>;
}

export interface DatabaseGateOptions {
  /** How often a closed gate asks again (default 1000 ms). */
  retryEveryMs?: number;
  /** Told when the gate closes (`since` set) and when it opens again (`since` null). */
  onChange?: (open: boolean, since: Date | null) => void;
}

/**
 * Watches whether the database answers, on a connection of its own with short limits so a check never waits behind
 * application queries. Closed, it checks again every second until the database is back.
 */
export function createDatabaseGate(url: string, options: DatabaseGateOptions = {}): DatabaseGate {
  const probe = postgres(url, {
    max: 1,
    onnotice: () => {},
    connect_timeout: 2,
    query_timeout: 3,
    // A check that timed out on a silent network must not then wait 5 s for its cancel to be answered.
    cancel_timeout: 1,
    backoff: reconnectBackoff,
    idle_timeout: 60,
    connection: { application_name: 'threshold-health' },
  });
  let since: Date | null = null;
  let running: Promise<boolean> | null = null;
  let retry: NodeJS.Timeout | null = null;
  let stopped = false;

  const settle = (ok: boolean) => {
    if (ok && since) {
      since = null;
      options.onChange?.(true, null);
    } else if (!ok && !since) {
      since = new Date();
      options.onChange?.(false, since);
    }
    if (!ok && !stopped && !retry) {
      retry = setTimeout(() => {
        retry = null;
        void check();
      }, options.retryEveryMs ?? 1000);
      retry.unref();
    }
    return ok;
  };

  function check(): Promise<boolean> {
    running ??= probe`select 1`
      .then(
        () => true,
        () => false,
      )
      .then((ok) => {
        running = null;
        return stopped ? ok : settle(ok);
      });
    return running;
  }

  return {
    isOpen: () => since === null,
    downSince: () => since,
    report(err) {
      if (!isConnectionError(err)) return false;
      void check();
      return true;
    },
    check,
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await running;
      await probe.end({ timeout: 1 });
    },
  };
}
