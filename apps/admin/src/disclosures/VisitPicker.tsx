import { useQuery } from '@tanstack/react-query';
import { Button, TextField } from '@threshold/ui';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { formatDateTime } from '../time.ts';
import type { LinkedVisit } from './disclosure-types.ts';

/**
 * The visits a request concerns: found by the visitor's name in this site's visit log (the search is audited like
 * any other), added or removed one by one.
 */
export function VisitPicker({
  siteId,
  timeZone,
  value,
  onChange,
  error,
}: {
  siteId: string;
  timeZone: string;
  value: LinkedVisit[];
  onChange: (visits: LinkedVisit[]) => void;
  error?: string | undefined;
}) {
  const trpc = useTRPC();
  const [typed, setTyped] = useState('');
  const [name, setName] = useState<string | null>(null);
  const found = useQuery({
    ...trpc.visitLog.search.queryOptions({ siteId, name: name ?? '', limit: 20 }),
    enabled: name !== null,
  });
  const linked = new Set(value.map((v) => v.id));
  return (
    <fieldset className="disclosure-visits">
      <legend>Visits this request is about (optional)</legend>
      {value.length > 0 ? (
        <ul aria-label="Linked visits">
          {value.map((v) => (
            <li key={v.id}>
              {v.visitorName}, {formatDateTime(v.signedInAt, timeZone)}{' '}
              <Button variant="link" onClick={() => onChange(value.filter((x) => x.id !== v.id))}>
                Remove {v.visitorName}
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p>No visits linked.</p>
      )}
      {error ? (
        <p className="th-field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="disclosure-visits__search">
        <TextField label="Find a visit by visitor name" value={typed} onChange={(e) => setTyped(e.target.value)} />
        <Button variant="secondary" onClick={() => setName(typed.trim())} disabled={typed.trim() === ''}>
          Find visits
        </Button>
      </div>
      {found.data ? (
        found.data.visits.length === 0 ? (
          <p>No visits at this site match that name.</p>
        ) : (
          <ul aria-label="Matching visits">
            {found.data.visits.map((v) => (
              <li key={v.id}>
                {v.visitorName}, {formatDateTime(v.signedInAt, timeZone)}{' '}
                <Button
                  variant="link"
                  disabled={linked.has(v.id)}
                  onClick={() =>
                    onChange([...value, { id: v.id, visitorName: v.visitorName, signedInAt: v.signedInAt }])
                  }
                >
                  {linked.has(v.id) ? 'Linked' : `Link ${v.visitorName}`}
                </Button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </fieldset>
  );
}
