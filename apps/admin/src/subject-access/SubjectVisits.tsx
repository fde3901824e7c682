import type { RouterOutputs } from '@threshold/api';
import { categoryLabel } from '../labels.ts';
import { holdReasonLabels } from '../safeguarding/safeguarding-labels.ts';
import { formatDateTime } from '../time.ts';

export type FoundVisit = RouterOutputs['subjectAccess']['find']['visits'][number];

/** The visits a search found, each with a tick: the coordinator says which are really this person. */
export function SubjectVisits({
  visits,
  chosen,
  onToggle,
}: {
  visits: readonly FoundVisit[];
  chosen: ReadonlySet<string>;
  onToggle: (visitId: string, on: boolean) => void;
}) {
  return (
    <table className="subject-table">
      <caption className="th-visually-hidden">Visits that may be this person</caption>
      <thead>
        <tr>
          <th scope="col">This person?</th>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Organisation</th>
          <th scope="col">Signed in</th>
          <th scope="col">Site</th>
          <th scope="col">Hold</th>
        </tr>
      </thead>
      <tbody>
        {visits.map((v) => (
          <tr key={v.id}>
            <td>
              <input
                type="checkbox"
                aria-label={`${v.visitorName}, ${formatDateTime(v.signedInAt, v.siteTimeZone)}`}
                checked={chosen.has(v.id)}
                onChange={(e) => onToggle(v.id, e.target.checked)}
              />
            </td>
            <td>{v.visitorName}</td>
            <td>{v.visitorEmail ?? '—'}</td>
            <td>
              {v.visitorOrganisation || '—'}
              <br />
              <span className="admin-note">
                {categoryLabel[v.category as keyof typeof categoryLabel] ?? v.category}
              </span>
            </td>
            <td>{formatDateTime(v.signedInAt, v.siteTimeZone)}</td>
            <td>{v.siteName}</td>
            <td>
              {v.holdReason ? (
                <span className="subject-held">
                  Held: {holdReasonLabels[v.holdReason as keyof typeof holdReasonLabels] ?? v.holdReason} — cannot be
                  erased
                </span>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
