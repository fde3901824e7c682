import { useQuery } from '@tanstack/react-query';
import { type RouterHistory, RouterProvider } from '@tanstack/react-router';
import { useState } from 'react';
import { errorCodeOf, useTRPC } from '../api.ts';
import { createAdminRouter } from './routes.tsx';
import { MeContext } from './site-context.tsx';

/**
 * The signed-in admin: who this is (their roles per site), then the page the address names. `history` is for tests;
 * the app uses hash history.
 */
export function App({ history }: { history?: RouterHistory }) {
  const trpc = useTRPC();
  const me = useQuery(
    trpc.staff.me.queryOptions(undefined, { retry: (n, e) => errorCodeOf(e) !== 'UNAUTHORIZED' && n < 2 }),
  );
  const [router] = useState(() => createAdminRouter(history));

  if (me.isPending) return <p className="admin-loading">Loading…</p>;
  if (!me.data) {
    // Signed out, or refused: SessionGate (main.tsx) shows sign-in or two-factor enrolment instead.
    if (errorCodeOf(me.error) === 'UNAUTHORIZED') return null;
    return (
      <p className="admin-loading" role="alert">
        Threshold cannot be reached right now. Check the connection and reload the page.
      </p>
    );
  }
  return (
    <MeContext.Provider value={me.data}>
      <RouterProvider router={router} />
    </MeContext.Provider>
  );
}
