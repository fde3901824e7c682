import { useNavigate, useParams } from '@tanstack/react-router';
import type { Section } from '@threshold/validators';
import type { ComponentType, ReactNode } from 'react';
import { OnSitePage } from '../board/OnSitePage.tsx';
import { LogReviewPage } from '../review/LogReviewPage.tsx';
import { HoldsPage } from '../safeguarding/HoldsPage.tsx';
import { VisitLogPage } from '../visits/VisitLogPage.tsx';
import { can, Guarded } from './guarded.tsx';
import { NoAccess } from './NoAccess.tsx';
import { type SiteScope, useSite } from './site-context.tsx';

type ListPath = 'board' | 'log' | 'review' | 'holds';

/**
 * The visit opened over a list (from `…/visits/$visitId`), and a way to open or close one. Opening pushes a history
 * entry, so Back closes it; the server records each opening when it serves the visit.
 */
function useOpenedVisit(listPath: ListPath) {
  const { siteId } = useSite();
  const { visitId } = useParams({ strict: false });
  const navigate = useNavigate();
  const open = (id: string | null) => {
    if (id === null) void navigate({ to: `/sites/$siteId/${listPath}`, params: { siteId } });
    else void navigate({ to: `/sites/$siteId/${listPath}/visits/$visitId`, params: { siteId, visitId: id } });
  };
  return { visitId: visitId ?? null, open };
}

/** A visit address typed by someone who may see the list but not open visits gets the same refusal as a section. */
function VisitList({
  listPath,
  page,
}: {
  listPath: ListPath;
  page: (site: SiteScope, opened: ReturnType<typeof useOpenedVisit>) => ReactNode;
}) {
  const site = useSite();
  const opened = useOpenedVisit(listPath);
  if (opened.visitId !== null && !can('openVisit', site)) return <NoAccess />;
  return page(site, opened);
}

type ListPage = ComponentType<{
  siteId: string;
  timeZone: string;
  openVisit: string | null;
  onOpenVisit: (visitId: string | null) => void;
}>;

/** A section that lists visits and opens one over the list at its own address. */
const listSection = (section: Section, listPath: ListPath, Page: ListPage) => () => (
  <Guarded
    section={section}
    page={() => (
      <VisitList
        listPath={listPath}
        page={(site, opened) => (
          <Page siteId={site.siteId} timeZone={site.timeZone} openVisit={opened.visitId} onOpenVisit={opened.open} />
        )}
      />
    )}
  />
);

export const BoardSection = () => (
  <Guarded
    section="board"
    page={() => (
      <VisitList
        listPath="board"
        page={(site, opened) => (
          <OnSitePage
            siteId={site.siteId}
            timeZone={site.timeZone}
            canOpen={can('openVisit', site)}
            openVisit={opened.visitId}
            onOpenVisit={opened.open}
          />
        )}
      />
    )}
  />
);

export const LogSection = listSection('log', 'log', VisitLogPage);
export const ReviewSection = listSection('review', 'review', LogReviewPage);
export const HoldsSection = listSection('holds', 'holds', HoldsPage);
