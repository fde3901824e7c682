import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useState } from 'react';
import { MyAccountPage } from '../account/MyAccountPage.tsx';
import { errorCodeOf, useTRPC } from '../api.ts';
import { AuditPage } from '../audit/AuditPage.tsx';
import { authClient } from '../auth-client.ts';
import { OnSitePage } from '../board/OnSitePage.tsx';
import { DocumentReviewBanner } from '../documents/DocumentReviewBanner.tsx';
import { FormsPoliciesPage } from '../documents/FormsPoliciesPage.tsx';
import { EscortPage } from '../escorts/EscortPage.tsx';
import { EscortsPage } from '../escorts/EscortsPage.tsx';
import { KiosksPanel } from '../kiosks/KiosksPanel.tsx';
import { FailedEmailCount, OutboxBanner } from '../outbox/OutboxBanner.tsx';
import { OutboxPage } from '../outbox/OutboxPage.tsx';
import { ReportsPage } from '../reports/ReportsPage.tsx';
import { LogReviewPage } from '../review/LogReviewPage.tsx';
import { RollCallPage } from '../roll-call/RollCallPage.tsx';
import { SiteSettingsPage } from '../settings/SiteSettingsPage.tsx';
import { StaffPage } from '../staff/StaffPage.tsx';
import { VisitLogPage } from '../visits/VisitLogPage.tsx';

const sections = [
  { id: 'board', label: 'On site now', roles: ['coordinator', 'reception'] },
  { id: 'rollcall', label: 'Roll call', roles: ['coordinator', 'reception'] },
  { id: 'mine', label: 'My visitors', roles: ['escort'] },
  { id: 'escorts', label: 'Escorts', roles: ['coordinator', 'reception'] },
  { id: 'log', label: 'Visit log', roles: ['coordinator'] },
  { id: 'review', label: 'Log review', roles: ['coordinator'] },
  { id: 'reports', label: 'Reports', roles: ['coordinator'] },
  { id: 'outbox', label: 'Outbox', roles: ['admin', 'coordinator'] },
  { id: 'staff', label: 'Staff', roles: ['admin'] },
  { id: 'kiosks', label: 'Kiosks', roles: ['admin'] },
  { id: 'documents', label: 'Forms & policies', roles: ['admin', 'coordinator'] },
  { id: 'settings', label: 'Site settings', roles: ['admin'] },
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
    // Signed out, or refused: SessionGate (main.tsx) shows sign-in or two-factor enrolment instead.
    if (errorCodeOf(me.error) === 'UNAUTHORIZED') return null;
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
            <DocumentReviewBanner siteId={currentSite} roles={rolesHere} onOpen={() => setPage('documents')} />
            <OutboxBanner
              siteId={currentSite}
              roles={rolesHere}
              {...(current === 'outbox' ? {} : { onOpen: () => setPage('outbox') })}
            />
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
                  {s.id === 'outbox' ? <FailedEmailCount siteId={currentSite} roles={rolesHere} /> : null}
                </button>
              ))}
            </nav>
            {current === 'rollcall' ? (
              <RollCallPage
                siteId={currentSite}
                timeZone={timeZone}
                canSeeHistory={rolesHere.includes('coordinator')}
              />
            ) : null}
            {current === 'board' ? (
              <OnSitePage siteId={currentSite} timeZone={timeZone} canOpen={rolesHere.includes('coordinator')} />
            ) : null}
            {current === 'outbox' ? (
              <OutboxPage
                siteId={currentSite}
                timeZone={timeZone}
                canOpen={rolesHere.includes('coordinator')}
                canResend={rolesHere.includes('admin')}
              />
            ) : null}
            {current === 'staff' ? <StaffPage siteId={currentSite} myStaffId={me.data.id} /> : null}
            {current === 'kiosks' ? <KiosksPanel siteId={currentSite} timeZone={timeZone} /> : null}
            {current === 'documents' ? (
              <FormsPoliciesPage siteId={currentSite} timeZone={timeZone} canEdit={rolesHere.includes('admin')} />
            ) : null}
            {current === 'settings' ? <SiteSettingsPage siteId={currentSite} /> : null}
            {current === 'audit' ? <AuditPage siteId={currentSite} /> : null}
            {current === 'log' ? <VisitLogPage siteId={currentSite} timeZone={timeZone} /> : null}
            {current === 'review' ? <LogReviewPage siteId={currentSite} timeZone={timeZone} /> : null}
            {current === 'reports' ? <ReportsPage siteId={currentSite} timeZone={timeZone} /> : null}
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
