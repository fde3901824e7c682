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
  const frames = (e.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at '));
  console.error(`[error] ${where}: ${e.name}: ${safeMessage(err)}\n${frames.join('\n')}`);
}

/**
 * An error's message, or a placeholder when it may quote a query's parameters (names, tokens, hashes): drizzle's
 * DrizzleQueryError (whose `name` is plain `Error`; recognised by its `query` and `params` fields, which hold whatever
 * copy of drizzle-orm threw it) and anything wrapping one, such as a tRPC error that copied its message.
 */
export function safeMessage(err: unknown): string {
  const pg = pgErrorOf(err);
  if (pg) return `postgres ${pg.code}${pg.constraint_name ? ` (${pg.constraint_name})` : ''}`;
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    if ('query' in e && 'params' in e) return '(query failed; parameters withheld)';
    if (e instanceof Error && /Failed query:|\bparams:/.test(e.message)) return '(query failed; parameters withheld)';
    e = (e as { cause?: unknown }).cause;
  }
  return err instanceof Error ? err.message : String(err);
}
