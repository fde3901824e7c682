/** A rule was broken in a way the user can understand and fix; `code` maps to a tRPC error code. */
export class DomainError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS' | 'FORBIDDEN' | 'BAD_REQUEST',
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
