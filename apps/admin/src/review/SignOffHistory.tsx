import { useQuery } from '@tanstack/react-query';
import { logExceptionKinds, logExceptionLabels } from '@threshold/validators';
import { useTRPC } from '../api.ts';
import { formatDateTime } from '../time.ts';
import { dayLabel } from '../visits/visit-log-labels.ts';

/** The site's past sign-offs, latest period first: what was reviewed, what it held, and who signed when. */
export function SignOffHistory({ siteId, timeZone }: { siteId: string; timeZone: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.logReviews.list.queryOptions({ siteId }));
  return (
    <section aria-labelledby="sign-offs-title" className="log-review__history">
      <h2 id="sign-offs-title">Past sign-offs</h2>
      {list.isError ? <p role="alert">{list.error.message}</p> : null}
      {list.data?.length === 0 ? (
        <p className="admin-empty">
          No review has been signed off at this site yet. Each sign-off will be listed here.
        </p>
      ) : null}
      {list.data && list.data.length > 0 ? (
        <table className="admin-table">
          <caption className="th-visually-hidden">Signed-off reviews, latest period first</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Visits</th>
              <th scope="col">Exceptions</th>
              <th scope="col">Signed off</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((r) => (
              <tr key={r.id}>
                <td>
                  {dayLabel(r.periodFrom)} to {dayLabel(r.periodTo)}
                </td>
                <td>{r.visitCount.toLocaleString()}</td>
                <td>
                  {logExceptionKinds
                    .filter((k) => (r.exceptions[k] ?? 0) > 0)
                    .map((k) => `${r.exceptions[k]} ${logExceptionLabels[k].toLowerCase()}`)
                    .join(', ') || 'None'}
                </td>
                <td>
                  {r.signedOffByName}, {formatDateTime(r.signedOffAt, timeZone)}
                </td>
                <td className="log-review__note-cell">{r.note || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
