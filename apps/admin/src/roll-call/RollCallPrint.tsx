import { formatClock, formatDateTime } from '../time.ts';
import { escortText, visitorDetails, visitorNameOf } from './RollCallPeople.tsx';
import type { RollCallList } from './roll-call-types.ts';

/**
 * The paper copy: only in print (see roll-call.css), black on white, one line per person with a box to tick,
 * the site and when the roll call started. Whoever is already accounted for is ticked.
 */
export function RollCallPrint({ rollCall, timeZone }: { rollCall: RollCallList; timeZone: string }) {
  const rows = [
    ...rollCall.visitors.map((v) => ({
      id: v.entryId,
      name: visitorNameOf(v),
      kind: 'Visitor',
      details: [visitorDetails(v), escortText(v)].filter(Boolean).join(' · '),
      accountedAt: v.accountedAt,
    })),
    ...rollCall.staff.map((s) => ({
      id: s.entryId,
      name: s.name ?? 'Member of staff',
      kind: 'Staff',
      details: 'On duty',
      accountedAt: s.accountedAt,
    })),
  ];
  return (
    <div className="roll-call-print">
      <h1>Roll call{rollCall.siteName ? ` — ${rollCall.siteName}` : ''}</h1>
      <p>
        Started {formatDateTime(rollCall.startedAt, timeZone)} by {rollCall.startedByName}.{' '}
        {rollCall.closedAt
          ? `Closed ${formatDateTime(rollCall.closedAt, timeZone)}${rollCall.closedByName ? ` by ${rollCall.closedByName}` : ''}.`
          : `Printed ${formatDateTime(new Date(), timeZone)}.`}{' '}
        {rollCall.counts.accounted} of {rollCall.counts.total} accounted for.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Here</th>
            <th scope="col">Name</th>
            <th scope="col">Who</th>
            <th scope="col">Details</th>
            <th scope="col">Marked</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <span className="roll-call-print__box">{r.accountedAt ? '✓' : ''}</span>
              </td>
              <td>{r.name}</td>
              <td>{r.kind}</td>
              <td>{r.details}</td>
              <td>{r.accountedAt ? formatClock(r.accountedAt, timeZone) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
