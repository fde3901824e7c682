import { setTimeout as sleep } from 'node:timers/promises';

export interface LoopOptions {
  /** Names the loop in the log ("audit sealer", "jobs visit.astray" …). */
  name: string;
  /** Pause between turns when there is nothing more to do. */
  intervalMs: number;
  /** One turn. Resolves true when more work is waiting, so the next turn starts at once. */
  run: () => Promise<boolean>;
  /**
   * Told each failed turn once, with the error as thrown: give it the server's logError, which withholds query
   * parameters and row values.
   */
  log: (where: string, err: unknown) => void;
  /** The longest pause after failures in a row (default 10 s, so escort timers resume soon after an outage). */
  maxBackoffMs?: number;
  /** Whether a pause keeps the process alive (default true); a supervisor of something else says false. */
  holdProcess?: boolean;
}

// The reason a kick gives its pause: a constant, because abort() otherwise makes a DOMException on every call.
const KICKED = Symbol('kicked');

export interface Loop {
  /** Starts the next turn now instead of at the end of the pause (after a commit that queued work). */
  kick(): void;
  /** Ends the loop: no new turn starts, and a running turn is waited for. */
  stop(): Promise<void>;
}

/**
 * The one way a background loop runs here (job pollers, the after-commit drain, the audit sealer, the mail outbox,
 * the embedded cluster's supervisor); it lives in this lowest package so every other one can use it. A failed turn is logged and the loop carries on, pausing twice as long
 * after each failure in a row (up to maxBackoffMs), so a database outage neither stops the work nor floods the log;
 * one turn that succeeds brings the pause back to intervalMs. Turns never overlap.
 */
export function startLoop(options: LoopOptions): Loop {
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const stopping = new AbortController();
  let wake = new AbortController();
  let failures = 0;

  const turns = (async () => {
    while (!stopping.signal.aborted) {
      let more = false;
      try {
        more = await options.run();
        failures = 0;
      } catch (err) {
        failures += 1;
        options.log(options.name, err);
      }
      if (more || stopping.signal.aborted) continue;
      const pause = Math.min(options.intervalMs * 2 ** failures, Math.max(maxBackoffMs, options.intervalMs));
      // An aborted pause is a kick or the stop signal, which the loop condition reads.
      const signal = AbortSignal.any([stopping.signal, wake.signal]);
      await sleep(pause, undefined, { signal, ref: options.holdProcess ?? true }).catch(() => {});
      if (wake.signal.aborted) wake = new AbortController();
    }
  })();

  return {
    kick: () => {
      if (!wake.signal.aborted) wake.abort(KICKED);
    },
    async stop() {
      stopping.abort();
      await turns;
    },
  };
}
