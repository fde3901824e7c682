import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api.ts';
import { formatDateTime, formatDay } from '../time.ts';
import { VisitDetail } from '../visits/VisitDetail.tsx';
import { holdReasonLabels } from './safeguarding-labels.ts';
import './safeguarding.css';

/** Active safeguarding holds for review: the earliest review date first, overdue ones marked. */
export function HoldsPage({
  siteId,
  timeZone,
  openVisit,
  onOpenVisit,
}: {
  siteId: string;
  timeZone: string;
  openVisit: string | null;
  onOpenVisit: (visitId: string | null) => void;
}) {
  const trpc = useTRPC();
  const holds = useQuery(trpc.safeguarding.holds.queryOptions({ siteId }));
  return (
    <section className="safeguarding" aria-labelledby="holds-title">
      <h1 id="holds-title">Holds</h1>
      <p className="admin-note">
        A held visit is kept past its retention period until a coordinator releases the hold with a reason.
      </p>
      {holds.isError ? <p role="alert">{holds.error.message}</p> : null}
      {holds.data?.length === 0 ? <p className="admin-empty">No visit is held at this site.</p> : null}
      {holds.data && holds.data.length > 0 ? (
        <table className="safeguarding-table">
          <thead>
            <tr>
              <th scope="col">Review by</th>
              <th scope="col">Visitor</th>
              <th scope="col">Reason</th>
              <th scope="col">Placed</th>
              <th scope="col">
                <span className="th-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {holds.data.map((h) => (
              <tr key={h.id} className={h.overdue ? 'safeguarding-row--overdue' : undefined}>
                <td>
                  {formatDay(h.reviewBy)}
                  {h.overdue ? <strong className="safeguarding-overdue"> Overdue</strong> : null}
                </td>
                <td dir="auto">{h.visitorName}</td>
                <td>
                  {holdReasonLabels[h.reason]}
                  {h.concernId ? ' (from a concern)' : ''}
                </td>
                <td>
                  {h.placedByName}, {formatDateTime(h.placedAt, timeZone)}
                </td>
                <td>
                  <button type="button" className="th-button th-button--link" onClick={() => onOpenVisit(h.visitId)}>
                    Review<span className="th-visually-hidden"> the hold on {h.visitorName}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {openVisit ? (
        <VisitDetail siteId={siteId} visitId={openVisit} timeZone={timeZone} onClose={() => onOpenVisit(null)} />
      ) : null}
    </section>
  );
}
