import { connectionErrorCode, pgErrorOf } from '@threshold/db';
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

// While the database is down every background loop fails every second; once per place per half minute is enough.
const CONNECTION_LOG_EVERY_MS = 30_000;
const connectionLoggedAt = new Map<string, number>();

/**
 * Server-side error log. PostgreSQL errors are reduced to their code and constraint because their messages
 * and details can quote the values of a row (names, tokens). A lost database connection is one line, not a stack.
 */
export function logError(where: string, err: unknown): void {
  const connection = connectionErrorCode(err);
  if (connection) {
    const now = Date.now();
    if (now - (connectionLoggedAt.get(where) ?? 0) < CONNECTION_LOG_EVERY_MS) return;
    connectionLoggedAt.set(where, now);
    console.error(`[error] ${where}: database connection failed (${connection})`);
    return;
  }
  const pg = pgErrorOf(err);
  if (pg) {
    console.error(`[error] ${where}: postgres ${pg.code}${pg.constraint_name ? ` (${pg.constraint_name})` : ''}`);
    return;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  // A failed drizzle query's message carries its parameters: keep only the name and the stack frames.
  const message = e.name === 'DrizzleQueryError' ? '(query failed; parameters withheld)' : e.message;
  const frames = (e.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at '));
  console.error(`[error] ${where}: ${e.name}: ${message}\n${frames.join('\n')}`);
}
