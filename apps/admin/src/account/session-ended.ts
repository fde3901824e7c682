import type { SessionEnding } from '@threshold/validators';

/** What the admin knows of its own session: when it lapses if nothing happens. */
export interface KnownSession {
  expiresAt: Date;
}

/** Why the sign-in screen is back: a known reason, or 'unknown' when only the end itself is known. */
export type EndedNotice = SessionEnding | 'unknown';

// Browser and server clocks differ a little: an expiry this close counts as reached.
const CLOCK_SKEW_MS = 5_000;

/**
 * Why a session ended. The server says so when it can (12 hours, deactivation). Otherwise the session was simply
 * gone: past its idle expiry, that is the idle timeout; before it, someone signed it out (another tab or device, an
 * admin). Without a session known on this page, nothing can be said beyond "ended".
 */
export function endingOf(server: SessionEnding | undefined, known: KnownSession | null, now: Date): EndedNotice {
  if (server) return server;
  if (!known) return 'unknown';
  return now.getTime() >= known.expiresAt.getTime() - CLOCK_SKEW_MS ? 'idle' : 'revoked';
}

export const endedNotices: Record<EndedNotice, string> = {
  idle: 'You were signed out after 15 minutes without activity. Sign in again to carry on.',
  absolute:
    'You were signed out because you had been signed in for 12 hours, the longest a session lasts. Sign in again to carry on.',
  revoked:
    'Your session ended: you were signed out in another tab or on another device, or an admin ended it. Sign in again to carry on.',
  deactivated: 'Your session ended because your account was deactivated. If you think this is a mistake, ask an admin.',
  unknown: 'Your session ended. Sign in again to carry on.',
};
