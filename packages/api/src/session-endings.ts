import { type Db, endSessionNoting, getSessionEndingNote } from '@threshold/db';
import { type SessionEnding, sessionEndings } from '@threshold/validators';
import { sessionTokenHash } from './auth-hashed-sessions.ts';

const SESSION_COOKIE_VALUE = /(?:^|;\s*)(?:__Secure-)?threshold\.session_token=([^;]*)/;

/**
 * The session token a Cookie header carries (better-auth signs it: `token.signature`), or null. The signature is
 * not checked: the token only finds a note about its own session, which its holder may read.
 */
function sessionTokenOf(cookieHeader: string): string | null {
  const raw = SESSION_COOKIE_VALUE.exec(cookieHeader)?.[1];
  if (!raw) return null;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const dot = value.lastIndexOf('.');
  return dot > 0 ? value.slice(0, dot) : null;
}

const isSessionEnding = (value: string | null): value is SessionEnding =>
  (sessionEndings as readonly (string | null)[]).includes(value);

/** Ends a live session for `ending`, so that every later request with its cookie is told the same reason. */
export function endSessionFor(
  db: Db,
  session: { id: string; token: string; expiresAt: Date },
  ending: SessionEnding,
  now: Date,
) {
  return endSessionNoting(db, {
    sessionId: session.id,
    tokenHash: sessionTokenHash(session.token),
    ending,
    until: session.expiresAt,
    now,
  });
}

/** Why the session named by this Cookie header was ended by the server, if it was (and recently); else null. */
export async function recordedEndingOf(db: Db, cookieHeader: string, now: Date): Promise<SessionEnding | null> {
  const token = sessionTokenOf(cookieHeader);
  if (!token) return null;
  const ending = await getSessionEndingNote(db, { tokenHash: sessionTokenHash(token), now });
  return isSessionEnding(ending) ? ending : null;
}
