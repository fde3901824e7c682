import type { MiddlewareHandler } from 'hono';

/**
 * Server-sent event streams (tRPC subscriptions) hold their connection for as long as they last. Once one
 * ends, close the connection too: otherwise a shutting-down server waits out the keep-alive timeout of every
 * stream it just ended, and the browser's EventSource opens a new connection to reconnect anyway.
 */
export function closeAfterEventStreams(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.startsWith('text/event-stream')) c.header('Connection', 'close');
  };
}
