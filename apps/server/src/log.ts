import type { MiddlewareHandler } from 'hono';

/**
 * Logs method, path, status and duration only. Query strings are never logged: tRPC queries carry their input
 * there, and a visitor's name must not reach a log file.
 */
export function requestLog(): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    if (process.env.THRESHOLD_QUIET === '1') return;
    const ms = (performance.now() - started).toFixed(0);
    console.log(`${c.req.method} ${c.req.path} ${c.res.status} ${ms}ms`);
  };
}

/**
 * Server-side error log. PostgreSQL errors are reduced to their code and constraint because their messages
 * and details can quote the values of a row (names, tokens).
 */
export function logError(where: string, err: unknown): void {
  if (isPgError(err)) {
    console.error(`[error] ${where}: postgres ${err.code}${err.constraint_name ? ` (${err.constraint_name})` : ''}`);
    return;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  console.error(`[error] ${where}: ${e.name}: ${e.message}\n${e.stack ?? ''}`);
}

function isPgError(err: unknown): err is { code: string; constraint_name?: string } {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'PostgresError';
}
