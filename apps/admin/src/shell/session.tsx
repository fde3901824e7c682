import { useQueryClient } from '@tanstack/react-query';
import type { SessionEnding, SessionRefusal } from '@threshold/validators';
import { TRPCClientError } from '@trpc/client';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { EnrolmentRequiredPage } from '../account/EnrolmentRequiredPage.tsx';
import { LoginPage } from '../account/LoginPage.tsx';
import { PasswordChangeRequiredPage } from '../account/PasswordChangeRequiredPage.tsx';
import { type EndedNotice, endingOf, type KnownSession } from '../account/session-ended.ts';
import { useTRPCClient } from '../api.ts';
import { authClient } from '../auth-client.ts';

type Gate = { kind: 'app' } | { kind: 'signIn'; ended: EndedNotice | null } | { kind: 'enrol' } | { kind: 'password' };

/**
 * What a refused staff request means for the whole app; null for any other error. A refusal after this page had a
 * session is an ending, and says why; one before (a first visit, a reload after signing out) is a plain sign-in.
 */
function gateFor(error: unknown, known: KnownSession | null): Gate | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { code?: string; reason?: SessionRefusal; ending?: SessionEnding } | undefined;
  if (data?.code !== 'UNAUTHORIZED') return null;
  if (data.reason === 'two_factor_enrolment_required') return { kind: 'enrol' };
  if (data.reason === 'password_change_required') return { kind: 'password' };
  if (data.reason !== 'session_ended' && !known) return { kind: 'signIn', ended: null };
  return { kind: 'signIn', ended: endingOf(data.ending, known, new Date()) };
}

/** The session's expiry as better-auth reports it, or null when there is no session. */
async function currentSession(refresh: boolean): Promise<KnownSession | null | 'unreachable'> {
  const result = await authClient.getSession(refresh ? undefined : { query: { disableRefresh: true } });
  if (result.error) return 'unreachable';
  return result.data ? { expiresAt: new Date(result.data.session.expiresAt) } : null;
}

// The server extends a session (idle timeout 15 minutes) at most once a minute; asking more often is wasted.
const KEEP_ALIVE_EVERY_MS = 60_000;

/**
 * Extends the session when the person does something (a tap, a click, a key). A request alone is no activity:
 * a board that refreshes itself must still time out when nobody is at the desk.
 */
function useActivityKeepsSession(active: boolean, check: (refresh: boolean) => Promise<void>) {
  useEffect(() => {
    if (!active) return;
    let last = Date.now();
    const onActivity = () => {
      if (Date.now() - last < KEEP_ALIVE_EVERY_MS) return;
      last = Date.now();
      void check(true);
    };
    window.addEventListener('pointerdown', onActivity, { passive: true });
    window.addEventListener('keydown', onActivity, { passive: true });
    return () => {
      window.removeEventListener('pointerdown', onActivity);
      window.removeEventListener('keydown', onActivity);
    };
  }, [active, check]);
}

/**
 * Learns the session's expiry when the app opens, and when that time comes asks whether the session is still there:
 * a board left alone leaves the screen at its idle timeout, not at its next request.
 */
function useSessionExpiry(
  active: boolean,
  known: KnownSession | null,
  onSession: (s: KnownSession | null) => void,
  check: (refresh: boolean) => Promise<void>,
) {
  useEffect(() => {
    if (!active) return;
    void currentSession(false).then((session) => {
      if (session !== 'unreachable') onSession(session);
    });
  }, [active, onSession]);
  useEffect(() => {
    if (!active || !known) return;
    const timer = setTimeout(() => void check(false), Math.max(0, known.expiresAt.getTime() - Date.now()) + 1_000);
    return () => clearTimeout(timer);
  }, [active, known, check]);
}

/**
 * Shows the app only to someone with a working session. Any staff request refused as UNAUTHORIZED — wherever it
 * came from — clears everything loaded and returns to sign-in (saying the session ended when it did), or to
 * two-factor enrolment when the organisation requires it first.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const trpcClient = useTRPCClient();
  const [gate, setGate] = useState<Gate>({ kind: 'app' });
  // Read by the refusal handler when a refusal arrives; state too, so the expiry timer follows it.
  const knownRef = useRef<KnownSession | null>(null);
  const [known, setKnown] = useState<KnownSession | null>(null);

  /** Leaves the app when `error` is a refusal of the session; says whether it was. */
  const refused = useCallback((error: unknown) => {
    const next = gateFor(error, knownRef.current);
    if (!next) return false;
    // The first refusal says why; later ones in the same burst may arrive without the (now cleared) cookie and
    // must not turn "your session ended" into a plain sign-in.
    setGate((now) => (now.kind === 'app' ? next : now));
    return true;
  }, []);

  useEffect(() => {
    // 'failed' too: a query retrying an UNAUTHORIZED would otherwise keep showing its data until the retries end.
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && (event.action.type === 'error' || event.action.type === 'failed')) {
        refused(event.action.error);
      }
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') refused(event.action.error);
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [queryClient, refused]);

  // Nothing loaded for the last person (visitor names, staff lists) stays in memory behind the sign-in screen.
  useEffect(() => {
    if (gate.kind === 'app') return;
    queryClient.clear();
    knownRef.current = null;
    setKnown(null);
  }, [gate.kind, queryClient]);

  const onSession = useCallback((session: KnownSession | null) => {
    const before = knownRef.current;
    knownRef.current = session;
    setKnown(session);
    if (!session && before) {
      setGate((now) => (now.kind === 'app' ? { kind: 'signIn', ended: endingOf(undefined, before, new Date()) } : now));
    }
  }, []);
  /**
   * Whether the session still holds, asking the API first: better-auth's answer for a session that is gone clears
   * the cookie too, and without it the server could no longer say why it ended (deactivated, 12 hours), which it can
   * when another request of this page ended it and that answer went where nobody shows it (the live stream).
   */
  const checkSession = useCallback(
    async (refresh: boolean) => {
      const stillServed = await trpcClient.staff.me.query().then(
        () => true,
        (error: unknown) => !refused(error),
      );
      if (!stillServed) return;
      const session = await currentSession(refresh);
      if (session !== 'unreachable') onSession(session);
    },
    [trpcClient, refused, onSession],
  );
  useActivityKeepsSession(gate.kind === 'app', checkSession);
  useSessionExpiry(gate.kind === 'app', known, onSession, checkSession);

  if (gate.kind === 'signIn') return <LoginPage ended={gate.ended} onSignedIn={() => setGate({ kind: 'app' })} />;
  if (gate.kind === 'password') {
    return (
      <PasswordChangeRequiredPage
        onChanged={() => setGate({ kind: 'app' })}
        onSignedOut={() => setGate({ kind: 'signIn', ended: null })}
      />
    );
  }
  if (gate.kind === 'enrol') {
    return (
      <EnrolmentRequiredPage
        onEnrolled={() => setGate({ kind: 'app' })}
        onSignedOut={() => setGate({ kind: 'signIn', ended: null })}
      />
    );
  }
  return children;
}
