/**
 * Why a staff session ended, when the server knows it (sent as `data.ending` with a `session_ended` refusal). An
 * idle timeout or a sign-out elsewhere reaches the server as a missing session: the admin app tells those apart
 * from the session's own expiry time, which it keeps.
 */
export const sessionEndings = ['idle', 'absolute', 'revoked', 'deactivated'] as const;
export type SessionEnding = (typeof sessionEndings)[number];
