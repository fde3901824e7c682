/**
 * Errors that say the database could not be reached or the connection was lost — not that a statement was wrong.
 * The request may be tried again once the database is back; nothing about the data is implied.
 */
const CLIENT_CODES = new Set([
  // postgres.js
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'QUEUE_TIMEOUT',
  'QUERY_TIMEOUT',
  'CANCEL_UNANSWERED',
  // Node.js sockets and name resolution
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// SQLSTATEs: class 08 (connection exception), the server shutting down or starting up, too many connections.
const SERVER_CODES = /^(08...|57P01|57P02|57P03|53300)$/;

/**
 * The code of a lost or refused connection behind `err` (looking through wrappers such as drizzle's
 * DrizzleQueryError), e.g. `ECONNREFUSED` or `57P01`; null for any other error.
 */
export function connectionErrorCode(err: unknown): string | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const { code, name } = e as { code?: unknown; name?: unknown };
    if (typeof code === 'string') {
      if (name === 'PostgresError' ? SERVER_CODES.test(code) : CLIENT_CODES.has(code)) return code;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

export function isConnectionError(err: unknown): boolean {
  return connectionErrorCode(err) !== null;
}
