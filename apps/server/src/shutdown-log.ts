import { connectionErrorCode } from '@threshold/db';
import { logError } from './log.ts';

/** How long a "server shutting down" error waits to see whether we are stopping too. */
export const SHUTDOWN_GRACE_MS = 1000;

/**
 * The server's error log, quiet about its own shutdown: Ctrl-C in a terminal reaches the embedded PostgreSQL as well,
 * which ends our connections (57P01) a moment before our own signal handler starts stopping. Such an error is logged
 * only if the server is not stopping a second later — an unexpected database shutdown is still worth a line.
 */
export function shutdownAwareLog(
  isStopping: () => boolean,
  log: (where: string, err: unknown) => void = logError,
): (where: string, err: unknown) => void {
  return (where, err) => {
    if (connectionErrorCode(err) !== '57P01') return log(where, err);
    setTimeout(() => {
      if (!isStopping()) log(where, err);
    }, SHUTDOWN_GRACE_MS).unref();
  };
}
