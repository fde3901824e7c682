import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import type { VisitLogSearchInput } from '@threshold/validators';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { OpenedVisit } from './OpenedVisit.tsx';
import { type LogFilters, noFilters, VisitLogFilters } from './VisitLogFilters.tsx';
import { VisitLogTable } from './VisitLogTable.tsx';
import './visit-log.css';

const filterFields = ['name', 'from', 'to', 'category', 'state', 'escortStaffId', 'exception'] as const;

const given = <T extends string>(value: T | ''): T | undefined => (value === '' ? undefined : value);

/** The form as the search's input: an empty field is no filter. */
function searchInput(siteId: string, f: LogFilters): Omit<VisitLogSearchInput, 'cursor'> {
  return {
    siteId,
    name: given(f.name.trim()),
    from: given(f.from),
    to: given(f.to),
    category: given(f.category),
    state: given(f.state),
    escortStaffId: given(f.escortStaffId),
    exception: given(f.exception),
  };
}

/**
 * Every visit at the site, newest first, 50 at a time: filters, name search and a badge per exception; a visitor's
 * name opens their record and timeline. Searches go as POST (no name in any URL) and each one is audited.
 */
export function VisitLogPage(props: {
  siteId: string;
  timeZone: string;
  openVisit: string | null;
  onOpenVisit: (visitId: string | null) => void;
}) {
  const { siteId, timeZone, openVisit, onOpenVisit: setOpenVisit } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<LogFilters>(noFilters);
  const [applied, setApplied] = useState<LogFilters>(noFilters);
  const escorts = useQuery(trpc.escorts.list.queryOptions({ siteId }));
  const input = searchInput(siteId, applied);
  const log = useInfiniteQuery(
    trpc.visitLog.search.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor,
      // Each fetch is an audited search: only when the coordinator asks.
      staleTime: Number.POSITIVE_INFINITY,
      gcTime: 0,
      refetchOnWindowFocus: false,
      retry: false,
    }),
  );
  const search = (filters: LogFilters) => {
    if (JSON.stringify(searchInput(siteId, filters)) === JSON.stringify(input)) {
      void queryClient.resetQueries({ queryKey: trpc.visitLog.search.infiniteQueryKey(input) });
    } else {
      setApplied(filters);
    }
  };
  const errors = formErrorsOf(log.error, filterFields);
  const visits = log.data?.pages.flatMap((p) => p.visits) ?? [];
  const filtered = Object.values(input).filter((v) => v !== undefined).length > 1;

  return (
    <section aria-labelledby="visit-log-title" className="visit-log">
      <h1 id="visit-log-title">Visit log</h1>
      <p className="admin-note">
        Dates are days in the site’s time zone ({timeZone}). Every search, and every visit you open, is recorded in the
        audit trail (which filters you used; never the name you searched for).
      </p>
      {openVisit ? (
        <OpenedVisit siteId={siteId} visitId={openVisit} timeZone={timeZone} onClose={() => setOpenVisit(null)} />
      ) : null}
      <div hidden={openVisit !== null}>
        <VisitLogFilters
          value={draft}
          onChange={setDraft}
          onSearch={search}
          escorts={escorts.data ?? []}
          errors={errors.fields}
          searching={log.isFetching}
        />
        {errors.message ? (
          <p role="alert" className="admin-warning">
            {errors.message}
          </p>
        ) : null}
        <p role="status" className="log-summary">
          {log.isPending && log.isFetching
            ? 'Searching…'
            : log.data
              ? `Showing ${visits.length.toLocaleString()} ${visits.length === 1 ? 'visit' : 'visits'}${filtered ? ' matching your search' : ''}, newest first.`
              : ''}
        </p>
        {log.data && visits.length === 0 ? (
          <p className="admin-empty">
            {filtered
              ? 'No visits match this search. Try fewer filters or the start of a name.'
              : 'No visits have been recorded at this site yet. Every sign-in at the kiosk will appear here.'}
          </p>
        ) : null}
        {visits.length > 0 ? (
          <VisitLogTable visits={visits} timeZone={timeZone} caption="Visits, newest first" onOpen={setOpenVisit} />
        ) : null}
        {log.hasNextPage ? (
          <Button
            variant="secondary"
            className="log-more"
            onClick={() => void log.fetchNextPage()}
            disabled={log.isFetchingNextPage}
          >
            {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        ) : null}
        {log.data && visits.length > 0 && !log.hasNextPage ? (
          <p className="admin-note">That is every visit{filtered ? ' matching this search' : ''}.</p>
        ) : null}
      </div>
    </section>
  );
}
