import { useQuery } from '@tanstack/react-query';
import { Button, SelectField } from '@threshold/ui';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { useLiveSite } from '../live.ts';
import { DenyEntryForm } from './DenyEntryForm.tsx';
import { DenyEntryItem } from './DenyEntryItem.tsx';
import { ScreeningQueue } from './ScreeningQueue.tsx';
import './deny-list.css';

type Show = 'all' | 'due';
const showOptions = [
  { value: 'all' as const, label: 'Every entry' },
  { value: 'due' as const, label: 'Past their review date' },
];

/** The organisation's deny list, and the visitors held at sign-in waiting for a coordinator to decide. */
export function DenyListPage({ siteId, timeZone }: { siteId: string; timeZone: string }) {
  const trpc = useTRPC();
  const [show, setShow] = useState<Show>('all');
  const entries = useQuery(trpc.denyList.entries.queryOptions({ siteId, due: show === 'due' }));
  const [adding, setAdding] = useState(false);
  useLiveSite(siteId, () => void entries.refetch());
  return (
    <section className="deny-list" aria-labelledby="deny-list-title">
      <h1 id="deny-list-title">Deny list</h1>
      <ScreeningQueue siteId={siteId} timeZone={timeZone} />
      <h2>Entries</h2>
      <p className="admin-note">
        A sign-in whose name or other name matches an entry (in any order, case or accents; Ł as L, Ø as O, Æ as AE) is
        held for a coordinator. The visitor sees an ordinary sign-in.
      </p>
      {adding ? (
        <DenyEntryForm siteId={siteId} onDone={() => setAdding(false)} />
      ) : (
        <Button variant="secondary" onClick={() => setAdding(true)}>
          Add a person…
        </Button>
      )}
      <SelectField label="Show" value={show} options={showOptions} onChange={setShow} />
      {entries.isError ? <p role="alert">{entries.error.message}</p> : null}
      {entries.data?.length === 0 ? (
        <p className="admin-empty">{show === 'due' ? 'No entry is past its review date.' : 'The list is empty.'}</p>
      ) : null}
      <ul className="deny-list__entries">
        {entries.data?.map((entry) => (
          <DenyEntryItem key={entry.id} siteId={siteId} entry={entry} />
        ))}
      </ul>
    </section>
  );
}
