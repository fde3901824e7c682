import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useState } from 'react';
import { errorCodeOf, useTRPC } from './api.ts';
import { authClient } from './auth-client.ts';
import { AuditPage } from './pages/AuditPage.tsx';
import { EscortPage } from './pages/EscortPage.tsx';
import { EscortsPage } from './pages/EscortsPage.tsx';
import { KiosksPanel } from './pages/KiosksPanel.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { MyAccountPage } from './pages/MyAccountPage.tsx';
import { OnSitePage } from './pages/OnSitePage.tsx';
import { OutboxPage } from './pages/OutboxPage.tsx';

const sections = [
  { id: 'board', label: 'On site now', roles: ['coordinator', 'reception'] },
  { id: 'mine', label: 'My visitors', roles: ['escort'] },
  { id: 'escorts', label: 'Escorts', roles: ['coordinator', 'reception'] },
  { id: 'outbox', label: 'Outbox', roles: ['admin', 'coordinator'] },
  { id: 'kiosks', label: 'Kiosks', roles: ['admin'] },
  { id: 'audit', label: 'Audit trail', roles: ['admin', 'coordinator'] },
  { id: 'me', label: 'My account', roles: ['admin', 'coordinator', 'reception', 'escort'] },
] as const;

export function App() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(
    trpc.staff.me.queryOptions(undefined, { retry: (n, e) => errorCodeOf(e) !== 'UNAUTHORIZED' && n < 2 }),
  );
  const [siteId, setSiteId] = useState<string | null>(null);
  const [page, setPage] = useState<(typeof sections)[number]['id']>('board');

  if (me.isPending) return <p className="admin-loading">Loading…</p>;
  if (!me.data) {
    if (errorCodeOf(me.error) === 'UNAUTHORIZED') return <LoginPage onSignedIn={() => void me.refetch()} />;
    return (
      <p className="admin-loading" role="alert">
        Threshold cannot be reached right now. Check the connection and reload the page.
      </p>
    );
  }

  const sites = [...new Map(me.data.roles.map((r) => [r.siteId, r.siteName])).entries()];
  const currentSite = siteId ?? sites[0]?.[0] ?? null;
  const here = me.data.roles.filter((r) => r.siteId === currentSite);
  const rolesHere = here.map((r) => r.role);
  const timeZone = here[0]?.siteTimezone ?? 'UTC';
  const visible = sections.filter((s) => s.roles.some((r) => (rolesHere as string[]).includes(r)));
  const current = visible.some((s) => s.id === page) ? page : visible[0]?.id;
  const signOut = async () => {
    await authClient.signOut();
    queryClient.clear();
    await me.refetch();
  };

  return (
    <div className="admin-shell">
      <header className="admin-header">
        <p className="admin-brand">Threshold</p>
        {sites.length > 1 ? (
          <label className="admin-site-picker">
            Site{' '}
            <select value={currentSite ?? ''} onChange={(e) => setSiteId(e.target.value)}>
              {sites.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <p className="admin-site">{sites[0]?.[1]}</p>
        )}
        <p className="admin-user">{me.data.name}</p>
        <Button variant="secondary" onClick={() => void signOut()}>
          Sign out
        </Button>
      </header>
      <main className="admin-main">
        {currentSite === null ? (
          <p>You do not hold a role at any site yet. Ask an admin to give you one.</p>
        ) : (
          <>
            <nav className="admin-tabs" aria-label="Sections">
              {visible.map((s) => (
                <button
                  key={s.id}
                  type="button"
                  className="admin-tab"
                  aria-current={current === s.id ? 'page' : undefined}
                  onClick={() => setPage(s.id)}
                >
                  {s.label}
                </button>
              ))}
            </nav>
            {current === 'board' ? (
              <OnSitePage siteId={currentSite} timeZone={timeZone} canOpen={rolesHere.includes('coordinator')} />
            ) : null}
            {current === 'outbox' ? (
              <OutboxPage siteId={currentSite} timeZone={timeZone} canOpen={rolesHere.includes('coordinator')} />
            ) : null}
            {current === 'kiosks' ? <KiosksPanel siteId={currentSite} timeZone={timeZone} /> : null}
            {current === 'audit' ? <AuditPage siteId={currentSite} /> : null}
            {current === 'mine' ? <EscortPage siteId={currentSite} /> : null}
            {current === 'escorts' ? (
              <EscortsPage siteId={currentSite} canRecordTraining={rolesHere.includes('coordinator')} />
            ) : null}
            {current === 'me' ? <MyAccountPage siteId={currentSite} /> : null}
          </>
        )}
      </main>
    </div>
  );
}
