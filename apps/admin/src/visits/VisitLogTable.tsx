import type { RouterOutputs } from '@threshold/api';
import { logExceptionHelp, logExceptionLabels } from '@threshold/validators';
import { categoryLabel, labelOf, stateLabel } from '../labels.ts';
import { formatDateTime } from '../time.ts';
import { formatSeconds } from './visit-log-labels.ts';

/** A visit as the log's search returns it (the exception report's rows are the same). */
export type LogRow = RouterOutputs['visitLog']['search']['visits'][number];

/** Visits as rows: when, who, escorts and a badge per exception; the name opens the visit. */
export function VisitLogTable({
  visits,
  timeZone,
  caption,
  onOpen,
}: {
  visits: LogRow[];
  timeZone: string;
  caption: string;
  onOpen: (visitId: string) => void;
}) {
  return (
    // Wider than a phone: the table scrolls by itself, so the page and its filters keep the screen's width.
    <div className="admin-table-scroll">
      <table className="admin-table log-table">
        <caption className="th-visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Signed in</th>
            <th scope="col">Visitor</th>
            <th scope="col">Category</th>
            <th scope="col">State</th>
            <th scope="col">Escorts</th>
            <th scope="col">Exceptions</th>
          </tr>
        </thead>
        <tbody>
          {visits.map((v) => (
            <tr key={v.id}>
              <td>
                {formatDateTime(v.signedInAt, timeZone)}
                <span className="log-table__out">
                  {v.signedOutAt ? `out ${formatDateTime(v.signedOutAt, timeZone)}` : 'not signed out'}
                </span>
              </td>
              <td>
                <button type="button" id={`log-open-${v.id}`} className="admin-link" onClick={() => onOpen(v.id)}>
                  {v.visitorName}
                </button>
                <span className="log-table__org">{v.visitorOrganisation}</span>
              </td>
              <td>{labelOf(categoryLabel, v.category)}</td>
              <td>{labelOf(stateLabel, v.state)}</td>
              <td>{v.escortNames.length > 0 ? v.escortNames.join(', ') : 'None'}</td>
              <td>
                {v.exceptions.length === 0 ? <span className="log-table__none">None</span> : null}
                <ul className="log-badges">
                  {v.exceptions.map((kind) => (
                    <li key={kind} className={`log-badge log-badge--${kind}`} title={logExceptionHelp[kind]}>
                      {logExceptionLabels[kind]}
                      {kind === 'unescorted' ? ` ${formatSeconds(v.unescortedSeconds)}` : ''}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
