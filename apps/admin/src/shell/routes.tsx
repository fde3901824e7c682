import {
  createHashHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Navigate,
  Outlet,
  type RouterHistory,
} from '@tanstack/react-router';
import { canSee } from '@threshold/validators';
import type { ReactNode } from 'react';
import { NoAccess } from './NoAccess.tsx';
import { SetUpNext } from './SetUpNext.tsx';
import { SiteLayout } from './SiteLayout.tsx';
import * as pages from './section-pages.tsx';
import { type SectionPath, sections } from './sections.ts';
import { sitesOf, useMe } from './site-context.tsx';
import * as lists from './visit-list-sections.tsx';

/** Where someone lands: their first site's first section they see. */
function Home() {
  const me = useMe();
  const first = sitesOf(me)[0];
  if (!first) {
    return (
      <main className="admin-main">
        <p>You do not hold a role at any site yet. Ask an admin to give you one.</p>
      </main>
    );
  }
  return <Navigate to="/sites/$siteId" params={{ siteId: first.siteId }} replace />;
}

function SiteHome() {
  const me = useMe();
  const { siteId } = siteRoute.useParams();
  const site = sitesOf(me).find((s) => s.siteId === siteId);
  const roles = site?.roles ?? [];
  // An admin and nothing else sees no visits: their start is what to set up next, not the Outbox.
  if (site && roles.every((r) => r === 'admin')) return <SetUpNext site={site} />;
  const first = sections.find((s) => canSee(s.id, roles));
  if (!first) return <NoAccess />;
  return <Navigate to={`/sites/$siteId/${first.path}`} params={{ siteId }} replace />;
}

function RootNotFound() {
  return (
    <main className="admin-main">
      <NoAccess />
    </main>
  );
}

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: RootNotFound });
const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: Home });
const siteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'sites/$siteId',
  component: SiteLayout,
  notFoundComponent: NoAccess,
});
const siteHomeRoute = createRoute({ getParentRoute: () => siteRoute, path: '/', component: SiteHome });

function sectionRoute<const P extends SectionPath>(path: P, component: () => ReactNode) {
  return createRoute({ getParentRoute: () => siteRoute, path, component });
}
const boardRoute = sectionRoute('board', lists.BoardSection);
const logRoute = sectionRoute('log', lists.LogSection);
const reviewRoute = sectionRoute('review', lists.ReviewSection);
const rollCallRoute = sectionRoute('roll-call', pages.RollCallSection);
const outboxRoute = sectionRoute('outbox', pages.OutboxSection);
const holdsRoute = sectionRoute('holds', lists.HoldsSection);
// A visit opened from a list is a child of the list's route: the list stays mounted behind it, keeping its filters.
const visitOverList = { path: 'visits/$visitId', component: () => null } as const;
const boardVisitRoute = createRoute({ getParentRoute: () => boardRoute, ...visitOverList });
const logVisitRoute = createRoute({ getParentRoute: () => logRoute, ...visitOverList });
const reviewVisitRoute = createRoute({ getParentRoute: () => reviewRoute, ...visitOverList });
const holdsVisitRoute = createRoute({ getParentRoute: () => holdsRoute, ...visitOverList });
const pastRollCallRoute = createRoute({
  getParentRoute: () => rollCallRoute,
  path: 'history/$rollCallId',
  component: () => null,
});
const documentsRoute = sectionRoute('documents', pages.DocumentsSection);
// A document's editor or history: kind and language name a slot, never a person.
const documentViewRoute = createRoute({
  getParentRoute: () => documentsRoute,
  path: '$kind/$language/$view',
  component: () => null,
});
const outboxMessageRoute = createRoute({
  getParentRoute: () => outboxRoute,
  path: 'messages/$messageId',
  component: () => null,
});
const auditRoute = sectionRoute('audit', pages.AuditSection);
// The trail narrowed to one visit or one member of staff: ids only, never free text, in an address.
const auditVisitRoute = createRoute({ getParentRoute: () => auditRoute, ...visitOverList });
const auditStaffRoute = createRoute({
  getParentRoute: () => auditRoute,
  path: 'staff/$staffId',
  component: () => null,
});
const disclosuresRoute = sectionRoute('disclosures', pages.DisclosuresSection);
const disclosureRoute = createRoute({
  getParentRoute: () => disclosuresRoute,
  path: '$disclosureId',
  component: () => null,
});

const routeTree = rootRoute.addChildren([
  homeRoute,
  siteRoute.addChildren([
    siteHomeRoute,
    boardRoute.addChildren([boardVisitRoute]),
    rollCallRoute.addChildren([pastRollCallRoute]),
    sectionRoute('mine', pages.MineSection),
    sectionRoute('escorts', pages.EscortsSection),
    logRoute.addChildren([logVisitRoute]),
    reviewRoute.addChildren([reviewVisitRoute]),
    sectionRoute('reports', pages.ReportsSection),
    outboxRoute.addChildren([outboxMessageRoute]),
    sectionRoute('staff', pages.StaffSection),
    sectionRoute('kiosks', pages.KiosksSection),
    documentsRoute.addChildren([documentViewRoute]),
    sectionRoute('settings', pages.SettingsSection),
    auditRoute.addChildren([auditVisitRoute, auditStaffRoute]),
    disclosuresRoute.addChildren([disclosureRoute]),
    holdsRoute.addChildren([holdsVisitRoute]),
    sectionRoute('concerns', pages.ConcernsSection),
    sectionRoute('deny-list', pages.DenyListSection),
    sectionRoute('subject-access', pages.SubjectAccessSection),
    sectionRoute('retention', pages.RetentionSection),
    sectionRoute('account', pages.AccountSection),
  ]),
]);

/** The admin's router: hash history, so no address the server sees ever carries a record id. */
export function createAdminRouter(history: RouterHistory = createHashHistory()) {
  return createRouter({ routeTree, history });
}

export type AdminRouter = ReturnType<typeof createAdminRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AdminRouter;
  }
}
