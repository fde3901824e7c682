import { Outlet, useNavigate, useParams, useRouterState } from '@tanstack/react-router';
import { canSee } from '@threshold/validators';
import { useEffect, useRef } from 'react';
import { DocumentReviewBanner } from '../documents/DocumentReviewBanner.tsx';
import { OutboxBanner } from '../outbox/OutboxBanner.tsx';
import { Header } from './Header.tsx';
import { Nav } from './Nav.tsx';
import './shell.css';
import { NoAccess } from './NoAccess.tsx';
import { sectionOfPath } from './sections.ts';
import { SiteContext, sitesOf, useMe } from './site-context.tsx';

/** Everything under `/sites/$siteId`: the header, the site's banners and nav, then the section. */
export function SiteLayout() {
  const me = useMe();
  const { siteId } = useParams({ from: '/sites/$siteId' });
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const navigate = useNavigate();
  const sites = sitesOf(me);
  const site = sites.find((s) => s.siteId === siteId);
  const section = sectionOfPath(pathname);
  // The place once the router has rendered it (the location changes first): when the new heading exists.
  const shown = useRouterState({ select: (s) => s.resolvedLocation?.pathname });
  const shownSection = shown ? sectionOfPath(shown)?.id : undefined;
  const main = useRef<HTMLElement>(null);
  const arrived = useRef(false);
  // Moving to another section puts focus on its heading, so a screen reader says where the person now is (the
  // first page of a visit keeps the browser's own start).
  useEffect(() => {
    if (shownSection === undefined) return;
    if (!arrived.current) {
      arrived.current = true;
      return;
    }
    const heading = main.current?.querySelector('h1');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }, [shownSection]);

  // Another site keeps the section when the person sees it there too; otherwise that site's start page.
  const chooseSite = (next: string) => {
    const roles = sites.find((s) => s.siteId === next)?.roles ?? [];
    if (section && canSee(section.id, roles))
      void navigate({ to: `/sites/$siteId/${section.path}`, params: { siteId: next } });
    else void navigate({ to: '/sites/$siteId', params: { siteId: next } });
  };

  return (
    <div className="admin-shell">
      <Header sites={sites} siteId={site?.siteId ?? null} onChooseSite={chooseSite} />
      {site ? (
        <SiteContext.Provider value={site}>
          <div className="admin-body">
            <Nav site={site} />
            {/* Keyed by site: nothing typed or loaded at one site (a search, a form) carries over to another. */}
            <main className="admin-main" key={site.siteId} ref={main}>
              <DocumentReviewBanner siteId={site.siteId} roles={site.roles} />
              <OutboxBanner
                siteId={site.siteId}
                roles={site.roles}
                {...(section?.id === 'outbox'
                  ? {}
                  : {
                      onOpen: () => void navigate({ to: '/sites/$siteId/outbox', params: { siteId: site.siteId } }),
                    })}
              />
              <Outlet />
            </main>
          </div>
        </SiteContext.Provider>
      ) : (
        <main className="admin-main">
          <NoAccess />
        </main>
      )}
    </div>
  );
}
