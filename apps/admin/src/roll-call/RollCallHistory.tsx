import { useQuery } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useTRPC } from '../api.ts';
import { formatDateTime } from '../time.ts';
import { RollCallPeople } from './RollCallPeople.tsx';
import { RollCallPrint } from './RollCallPrint.tsx';

/** Coordinators: the site's past roll calls, newest first. */
export function RollCallHistory({
  siteId,
  timeZone,
  onView,
}: {
  siteId: string;
  timeZone: string;
  onView: (rollCallId: string) => void;
}) {
  const trpc = useTRPC();
  const history = useQuery(trpc.rollCall.history.queryOptions({ siteId }));
  return (
    <section aria-labelledby="roll-call-history-title" className="roll-call-history">
      <h2 id="roll-call-history-title">Past roll calls</h2>
      {history.isError ? <p role="alert">{history.error.message}</p> : null}
      {history.data?.length === 0 ? (
        <p className="admin-empty">No roll call has been taken at this site yet. Each one will be listed here.</p>
      ) : null}
      {history.data && history.data.length > 0 ? (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Closed</th>
              <th scope="col">Accounted for</th>
              <th scope="col">
                <span className="th-visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {history.data.map((r) => (
              <tr key={r.id}>
                <td>
                  {formatDateTime(r.startedAt, timeZone)} by {r.startedByName}
                </td>
                <td>
                  {r.closedAt ? `${formatDateTime(r.closedAt, timeZone)} by ${r.closedByName ?? '—'}` : 'Still open'}
                </td>
                <td>
                  {r.accounted} of {r.total}
                </td>
                <td>
                  <Button variant="secondary" onClick={() => onView(r.id)}>
                    View
                    <span className="th-visually-hidden">
                      {' '}
                      the roll call of {formatDateTime(r.startedAt, timeZone)}
                    </span>
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** One roll call as it was left, read-only, to look at or print again; each opening is recorded. */
export function PastRollCall({
  siteId,
  rollCallId,
  timeZone,
  onBack,
}: {
  siteId: string;
  rollCallId: string;
  timeZone: string;
  onBack: () => void;
}) {
  const trpc = useTRPC();
  // Each read is audited: fetched once per opening, never again in the background.
  const rollCall = useQuery(
    trpc.rollCall.get.queryOptions(
      { siteId, rollCallId },
      { staleTime: Number.POSITIVE_INFINITY, gcTime: 0, refetchOnWindowFocus: false },
    ),
  );
  return (
    <section aria-labelledby="roll-call-past-title" className="roll-call">
      <div className="roll-call-screen">
        <h1 id="roll-call-past-title">
          Roll call of {rollCall.data ? formatDateTime(rollCall.data.startedAt, timeZone) : '…'}
        </h1>
        {rollCall.isError ? <p role="alert">{rollCall.error.message}</p> : null}
        {rollCall.data ? (
          <>
            <p>
              Started by {rollCall.data.startedByName}
              {rollCall.data.closedAt
                ? `; closed ${formatDateTime(rollCall.data.closedAt, timeZone)} by ${rollCall.data.closedByName ?? '—'}`
                : '; still open'}
              . {rollCall.data.counts.accounted} of {rollCall.data.counts.total} accounted for.
            </p>
            <div className="roll-call-actions">
              <Button variant="secondary" onClick={onBack}>
                Back to past roll calls
              </Button>
              <Button variant="secondary" onClick={() => window.print()}>
                Print
              </Button>
            </div>
            <RollCallPeople visitors={rollCall.data.visitors} staff={rollCall.data.staff} timeZone={timeZone} />
          </>
        ) : null}
      </div>
      {rollCall.data ? <RollCallPrint rollCall={rollCall.data} timeZone={timeZone} /> : null}
    </section>
  );
}
