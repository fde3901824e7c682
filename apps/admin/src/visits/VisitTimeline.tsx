import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTRPC } from '../api.ts';
import { formatDateTime } from '../time.ts';
import { describeEvent } from './visit-log-labels.ts';

/** Every event of a visit — who did what, and when — oldest first. Opening it is recorded in the audit trail. */
export function VisitTimeline({ siteId, visitId, timeZone }: { siteId: string; visitId: string; timeZone: string }) {
  const trpc = useTRPC();
  // Each opening is a separate, audited view: never served from cache or refetched behind the coordinator's back.
  const timeline = useQuery(
    trpc.visitLog.timeline.queryOptions(
      { siteId, visitId },
      { staleTime: Number.POSITIVE_INFINITY, gcTime: 0, refetchOnWindowFocus: false, retry: false },
    ),
  );
  return (
    <section className="admin-panel log-timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <p className="admin-note">
        Every event of this visit, and everyone who opened its record, in the site’s time.{' '}
        <Link to="/sites/$siteId/audit/visits/$visitId" params={{ siteId, visitId }}>
          This visit in the audit trail
        </Link>
      </p>
      {timeline.isPending ? <p role="status">Loading the timeline…</p> : null}
      {timeline.isError ? <p role="alert">{timeline.error.message}</p> : null}
      {timeline.data?.events.length === 0 ? (
        <p className="admin-empty">Nothing has been recorded for this visit.</p>
      ) : null}
      {timeline.data ? (
        <ol className="log-timeline__events">
          {timeline.data.events.map((e) => (
            <li key={e.id} className={`log-timeline__event log-timeline__event--${e.type.split('.')[0]}`}>
              <time dateTime={e.at.toISOString()}>{formatDateTime(e.at, timeZone)}</time>
              <span>{describeEvent(e)}</span>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
