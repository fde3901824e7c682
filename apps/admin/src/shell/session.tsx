import { useQueryClient } from '@tanstack/react-query';
import type { SessionRefusal } from '@threshold/validators';
import { TRPCClientError } from '@trpc/client';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { EnrolmentRequiredPage } from '../account/EnrolmentRequiredPage.tsx';
import { LoginPage } from '../account/LoginPage.tsx';
import { authClient } from '../auth-client.ts';

type Gate = { kind: 'app' } | { kind: 'signIn'; ended: boolean } | { kind: 'enrol' };

/** What a refused staff request means for the whole app; null for any other error. */
function gateFor(error: unknown): Gate | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { code?: string; reason?: SessionRefusal } | undefined;
  if (data?.code !== 'UNAUTHORIZED') return null;
  if (data.reason === 'two_factor_enrolment_required') return { kind: 'enrol' };
  return { kind: 'signIn', ended: data.reason === 'session_ended' };
}

// The server extends a session (idle timeout 15 minutes) at most once a minute; asking more often is wasted.
const KEEP_ALIVE_EVERY_MS = 60_000;

/**
 * Extends the session when the person does something (a tap, a click, a key). A request alone is no activity:
 * a board that refreshes itself must still time out when nobody is at the desk.
 */
function useActivityKeepsSession(active: boolean, onEnded: () => void) {
  useEffect(() => {
    if (!active) return;
    let last = Date.now();
    const onActivity = () => {
      if (Date.now() - last < KEEP_ALIVE_EVERY_MS) return;
      last = Date.now();
      void authClient.getSession().then((result) => {
        if (!result.error && !result.data) onEnded();
      });
    };
    window.addEventListener('pointerdown', onActivity, { passive: true });
    window.addEventListener('keydown', onActivity, { passive: true });
    return () => {
      window.removeEventListener('pointerdown', onActivity);
      window.removeEventListener('keydown', onActivity);
    };
  }, [active, onEnded]);
}

/**
 * Shows the app only to someone with a working session. Any staff request refused as UNAUTHORIZED — wherever it
 * came from — clears everything loaded and returns to sign-in (saying the session ended when it did), or to
 * two-factor enrolment when the organisation requires it first.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [gate, setGate] = useState<Gate>({ kind: 'app' });

  useEffect(() => {
    const refused = (error: unknown) => {
      const next = gateFor(error);
      if (!next) return;
      // The first refusal says why; later ones in the same burst may arrive without the (now cleared) cookie and
      // must not turn "your session ended" into a plain sign-in.
      setGate((now) => (now.kind === 'app' ? next : now));
    };
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
  }, [queryClient]);

  // Nothing loaded for the last person (visitor names, staff lists) stays in memory behind the sign-in screen.
  useEffect(() => {
    if (gate.kind !== 'app') queryClient.clear();
  }, [gate.kind, queryClient]);

  const onEnded = useCallback(() => setGate({ kind: 'signIn', ended: true }), []);
  useActivityKeepsSession(gate.kind === 'app', onEnded);

  if (gate.kind === 'signIn') return <LoginPage ended={gate.ended} onSignedIn={() => setGate({ kind: 'app' })} />;
  if (gate.kind === 'enrol') {
    return (
      <EnrolmentRequiredPage
        onEnrolled={() => setGate({ kind: 'app' })}
        onSignedOut={() => setGate({ kind: 'signIn', ended: false })}
      />
    );
  }
  return children;
}
