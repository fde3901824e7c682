import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Button, SelectField, TextField } from '@threshold/ui';
import {
  type AuditBrowseFilters,
  type AuditEventType,
  auditBrowseFilters,
  auditEventLabels,
  timelineEventLabel,
} from '@threshold/validators';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formatDateTime } from '../time.ts';
import './audit.css';

/** Ids that can come from the page's address (a link from a visit or a person); the rest is chosen on the page. */
export interface AuditAddressFilters {
  visitId: string | null;
  actorStaffId: string | null;
}

interface Props extends AuditAddressFilters {
  siteId: string;
  timeZone: string;
  canOpenVisit: boolean;
}

type KindChoice = AuditEventType | 'all';
const kindChoices: { value: KindChoice; label: string }[] = [
  { value: 'all', label: 'Every kind of event' },
  ...(Object.entries(auditEventLabels) as [AuditEventType, string][])
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label)),
];

/**
 * The site's audit trail, newest first, a page at a time. Kind and dates are chosen here; a visit or a person comes
 * from the address. Each page fetched is recorded in the trail itself, so nothing is fetched behind anyone's back.
 */
export function AuditTrail({ siteId, timeZone, canOpenVisit, visitId, actorStaffId }: Props) {
  const [kind, setKind] = useState<KindChoice>('all');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [applied, setApplied] = useState<Omit<AuditBrowseFilters, 'visitId' | 'actorStaffId'>>({});
  const [pages, setPages] = useState<(number | undefined)[]>([undefined]);
  const filters: AuditBrowseFilters = {
    ...applied,
    ...(visitId ? { visitId } : {}),
    ...(actorStaffId ? { actorStaffId } : {}),
  };
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const chosen = { ...(kind !== 'all' ? { type: kind } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
    // The server's own rules, checked here first so the reason shows beside its field.
    const checked = auditBrowseFilters.safeParse(chosen);
    if (!checked.success) {
      const said = (field: 'from' | 'to') => checked.error.issues.find((i) => i.path[0] === field)?.message;
      setErrors({ from: said('from'), to: said('to') });
      return;
    }
    setErrors({});
    setApplied(chosen);
    setPages([undefined]);
  };
  return (
    <section className="admin-panel" aria-labelledby="audit-trail-title">
      <h2 id="audit-trail-title">Entries</h2>
      <form className="audit-filters" onSubmit={apply} aria-label="Filter the entries">
        <SelectField label="Kind of event" value={kind} options={kindChoices} onChange={setKind} />
        <TextField
          label="From (first day)"
          type="date"
          value={from}
          error={errors.from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <TextField
          label="To (last day)"
          type="date"
          value={to}
          error={errors.to}
          onChange={(e) => setTo(e.target.value)}
        />
        <Button type="submit">Show entries</Button>
      </form>
      {visitId || actorStaffId ? (
        <p className="admin-note">
          {visitId ? 'Only entries about one visit. ' : ''}
          {actorStaffId ? 'Only entries by one member of staff. ' : ''}
          <Link to="/sites/$siteId/audit" params={{ siteId }}>
            Show everyone’s entries for every visit
          </Link>
        </p>
      ) : null}
      <table className="admin-table">
        <caption className="admin-note">Newest first, in the site’s time. Viewing these entries is recorded.</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Who</th>
            <th scope="col">Visit</th>
          </tr>
        </thead>
        {pages.map((before, i) => (
          <AuditRows
            key={before ?? 'first'}
            siteId={siteId}
            timeZone={timeZone}
            canOpenVisit={canOpenVisit}
            filters={filters}
            before={before}
            last={i === pages.length - 1}
            onMore={(next) => setPages((p) => [...p, next])}
          />
        ))}
      </table>
    </section>
  );
}

function AuditRows(props: {
  siteId: string;
  timeZone: string;
  canOpenVisit: boolean;
  filters: AuditBrowseFilters;
  before: number | undefined;
  last: boolean;
  onMore: (next: number) => void;
}) {
  const { siteId, filters, before } = props;
  const trpc = useTRPC();
  // Each page is an audited view: never refetched behind the reader's back.
  const page = useQuery(
    trpc.audit.browse.queryOptions(
      { siteId, filters, ...(before ? { before } : {}) },
      { staleTime: Number.POSITIVE_INFINITY, gcTime: 0, refetchOnWindowFocus: false, retry: false },
    ),
  );
  const status = (text: string, role: 'status' | 'alert' = 'status') => (
    <tbody>
      <tr>
        <td colSpan={4} role={role}>
          {text}
        </td>
      </tr>
    </tbody>
  );
  if (page.isPending) return status('Loading entries…');
  if (page.isError) return status(page.error.message, 'alert');
  const { entries, next } = page.data;
  if (entries.length === 0 && before === undefined) return status('No entries match.');
  return (
    <tbody>
      {entries.map((e) => (
        <tr key={e.id}>
          <td>
            <time dateTime={e.at.toISOString()}>{formatDateTime(e.at, props.timeZone)}</time>
          </td>
          <td>{timelineEventLabel(e)}</td>
          <td>
            {e.actorType === 'staff' && e.actorId ? (
              <Link to="/sites/$siteId/audit/staff/$staffId" params={{ siteId, staffId: e.actorId }}>
                {e.actorName ?? 'A member of staff since removed'}
              </Link>
            ) : e.actorType === 'system' ? (
              'Threshold'
            ) : (
              (e.actorName ?? `A ${e.actorType} since removed`)
            )}
          </td>
          <td>
            {e.visitId ? (
              props.canOpenVisit ? (
                <Link to="/sites/$siteId/log/visits/$visitId" params={{ siteId, visitId: e.visitId }}>
                  Open the visit
                </Link>
              ) : (
                <Link to="/sites/$siteId/audit/visits/$visitId" params={{ siteId, visitId: e.visitId }}>
                  This visit’s entries
                </Link>
              )
            ) : null}
          </td>
        </tr>
      ))}
      {props.last && next !== null ? (
        <tr>
          <td colSpan={4}>
            <Button onClick={() => props.onMore(next)}>Older entries</Button>
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}
