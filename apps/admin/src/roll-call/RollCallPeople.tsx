import { categoryLabel, labelOf } from '../labels.ts';
import { formatClock } from '../time.ts';
import type { RollCallStaff, RollCallVisitor } from './roll-call-types.ts';

/** What the list calls a visitor whose visit retention has since destroyed. */
export const visitorNameOf = (v: RollCallVisitor) => v.name ?? 'Visitor (record removed)';

export function visitorDetails(v: RollCallVisitor): string {
  const parts = [v.category ? labelOf(categoryLabel, v.category) : null, v.visitCode ? `badge ${v.visitCode}` : null];
  return parts.filter(Boolean).join(' · ');
}

export const escortText = (v: RollCallVisitor) => (v.escortName ? `Escort: ${v.escortName}` : 'No escort');

export interface Toggle {
  accounted: boolean;
  pending: boolean;
  onChange: (accounted: boolean) => void;
}

function Marked({ at, by, timeZone }: { at: Date | null; by: string | null; timeZone: string }) {
  if (!at) return null;
  return (
    <p className="roll-call-person__marked">
      Marked {formatClock(at, timeZone)}
      {by ? ` by ${by}` : ''}
    </p>
  );
}

/** One person: name and details, and a large "Accounted for" toggle (or, read-only, whether they were). */
function PersonCard({
  name,
  lines,
  accountedAt,
  accountedByName,
  timeZone,
  toggle,
}: {
  name: string;
  lines: string[];
  accountedAt: Date | null;
  accountedByName: string | null;
  timeZone: string;
  toggle?: Toggle;
}) {
  const accounted = toggle ? toggle.accounted : accountedAt !== null;
  return (
    <li className={`roll-call-person${accounted ? ' roll-call-person--accounted' : ''}`}>
      <div className="roll-call-person__who">
        <p className="roll-call-person__name">{name}</p>
        {lines.map((line) => (
          <p key={line} className="roll-call-person__detail">
            {line}
          </p>
        ))}
        <Marked at={accounted ? accountedAt : null} by={accountedByName} timeZone={timeZone} />
      </div>
      {toggle ? (
        <button
          type="button"
          className="roll-call-toggle"
          aria-pressed={toggle.accounted}
          aria-busy={toggle.pending}
          onClick={() => toggle.onChange(!toggle.accounted)}
        >
          <span className="th-visually-hidden">{name}: </span>Accounted for
        </button>
      ) : (
        <p className="roll-call-person__status">{accounted ? 'Accounted for' : 'Not accounted for'}</p>
      )}
    </li>
  );
}

/** The roll call's two groups: visitors (with their escort) and staff on duty. */
export function RollCallPeople({
  visitors,
  staff,
  timeZone,
  toggleFor,
}: {
  visitors: RollCallVisitor[];
  staff: RollCallStaff[];
  timeZone: string;
  toggleFor?: (entryId: string, accountedAt: Date | null) => Toggle;
}) {
  return (
    <>
      <h2 id="roll-call-visitors">Visitors ({visitors.length})</h2>
      {visitors.length === 0 ? <p className="admin-empty">No visitors were on site.</p> : null}
      <ul className="roll-call-people" aria-labelledby="roll-call-visitors">
        {visitors.map((v) => {
          const name = visitorNameOf(v);
          const lines = [visitorDetails(v), escortText(v)];
          if (v.signedOutAt) lines.push(`Signed out at the kiosk at ${formatClock(v.signedOutAt, timeZone)}`);
          return (
            <PersonCard
              key={v.entryId}
              name={name}
              lines={lines}
              accountedAt={v.accountedAt}
              accountedByName={v.accountedByName}
              timeZone={timeZone}
              {...(toggleFor ? { toggle: toggleFor(v.entryId, v.accountedAt) } : {})}
            />
          );
        })}
      </ul>
      <h2 id="roll-call-staff">Staff on duty ({staff.length})</h2>
      {staff.length === 0 ? <p className="admin-empty">No staff were on duty.</p> : null}
      <ul className="roll-call-people" aria-labelledby="roll-call-staff">
        {staff.map((s) => {
          const name = s.name ?? 'Member of staff';
          return (
            <PersonCard
              key={s.entryId}
              name={name}
              lines={['Staff on duty']}
              accountedAt={s.accountedAt}
              accountedByName={s.accountedByName}
              timeZone={timeZone}
              {...(toggleFor ? { toggle: toggleFor(s.entryId, s.accountedAt) } : {})}
            />
          );
        })}
      </ul>
    </>
  );
}
