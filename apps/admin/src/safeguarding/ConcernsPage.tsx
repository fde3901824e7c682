import { useQuery } from '@tanstack/react-query';
import { SelectField } from '@threshold/ui';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { useLiveSite } from '../live.ts';
import { formatDateTime } from '../time.ts';
import { CloseConcern } from './CloseConcern.tsx';
import { concernCategoryLabels } from './safeguarding-labels.ts';
import './safeguarding.css';

type Status = 'open' | 'all';
const statusOptions = [
  { value: 'open' as const, label: 'Open concerns' },
  { value: 'all' as const, label: 'All concerns' },
];

/** Concerns raised during visits at this site, newest first, for coordinators. */
export function ConcernsPage({ siteId, timeZone }: { siteId: string; timeZone: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status>('open');
  const concerns = useQuery(trpc.safeguarding.concerns.queryOptions({ siteId, status }));
  useLiveSite(siteId, () => void concerns.refetch());
  return (
    <section className="safeguarding" aria-labelledby="concerns-title">
      <h1 id="concerns-title">Concerns</h1>
      <SelectField label="Show" value={status} options={statusOptions} onChange={setStatus} />
      {concerns.isError ? <p role="alert">{concerns.error.message}</p> : null}
      {concerns.data?.length === 0 ? <p className="admin-empty">No concern has been raised at this site.</p> : null}
      <ol className="safeguarding-concerns">
        {concerns.data?.map((c) => (
          <li key={c.id} className="safeguarding-concern">
            <p className="safeguarding-concern__head">
              <strong>{concernCategoryLabels[c.category]}</strong> · <bdi>{c.visitorName}</bdi> ·{' '}
              {formatDateTime(c.raisedAt, timeZone)}
            </p>
            <p className="safeguarding-concern__note" dir="auto">
              {c.note}
            </p>
            <p className="admin-note">
              Raised by {c.raisedByName} {c.raisedVia === 'escort' ? 'on their phone (escort)' : 'at the desk'}
              {c.closedAt && c.closedByName
                ? ` · closed by ${c.closedByName}, ${formatDateTime(c.closedAt, timeZone)}`
                : ''}
            </p>
            {c.closeNote ? (
              <p className="safeguarding-concern__note" dir="auto">
                {c.closeNote}
              </p>
            ) : null}
            {c.closedAt ? null : <CloseConcern siteId={siteId} concernId={c.id} />}
          </li>
        ))}
      </ol>
    </section>
  );
}
