import { useMutation } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useReducer, useRef, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formatClock } from '../time.ts';
import { RollCallPeople, visitorNameOf } from './RollCallPeople.tsx';
import { RollCallPrint } from './RollCallPrint.tsx';
import type { OpenRollCall } from './roll-call-types.ts';

interface Props {
  siteId: string;
  timeZone: string;
  rollCall: OpenRollCall;
  onChanged: () => Promise<void>;
  onClosed: (counts: { accounted: number; total: number }) => Promise<void>;
}

/** The open roll call: counts, who is still missing, late arrivals, everyone with a toggle, print and close. */
export function RollCallSheet({ siteId, timeZone, rollCall, onChanged, onClosed }: Props) {
  const trpc = useTRPC();
  // What each tap asked for, until the server has it: shown at once, and sent one at a time per person, so a quick
  // "no, undo that" is neither lost nor overtaken by the tap before it.
  const wanted = useRef(new Map<string, boolean>());
  const sending = useRef(new Set<string>());
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [markError, setMarkError] = useState<string | null>(null);
  const [confirmingClose, setConfirmingClose] = useState(false);
  const names = new Map<string, string>([
    ...rollCall.visitors.map((v): [string, string] => [v.entryId, visitorNameOf(v)]),
    ...rollCall.staff.map((s): [string, string] => [s.entryId, s.name ?? 'Member of staff']),
  ]);
  // Callbacks on the mutation itself (not on each `mutate`): TanStack runs these for every call, not only the last.
  const mark = useMutation(
    trpc.rollCall.mark.mutationOptions({
      onSuccess: () => setMarkError(null),
      onError: (e, { entryId }) =>
        setMarkError(`${names.get(entryId) ?? 'This person'} could not be marked: ${e.message}`),
      onSettled: async (_data, error, { entryId, accounted }) => {
        await onChanged();
        const next = wanted.current.get(entryId);
        if (!error && next !== undefined && next !== accounted) {
          send(entryId, next);
          return;
        }
        sending.current.delete(entryId);
        wanted.current.delete(entryId);
        rerender();
      },
    }),
  );
  const send = (entryId: string, accounted: boolean) => {
    sending.current.add(entryId);
    mark.mutate({ siteId, entryId, accounted });
  };
  const addArrivals = useMutation(trpc.rollCall.addArrivals.mutationOptions({ onSuccess: onChanged }));
  const close = useMutation(
    trpc.rollCall.close.mutationOptions({
      onSuccess: (counts) => onClosed(counts),
      // Someone else closed it first: the refresh shows that.
      onError: () => onChanged(),
    }),
  );

  const isAccounted = (entryId: string, accountedAt: Date | null) =>
    wanted.current.get(entryId) ?? accountedAt !== null;
  const toggleFor = (entryId: string, accountedAt: Date | null) => ({
    accounted: isAccounted(entryId, accountedAt),
    pending: wanted.current.has(entryId),
    onChange: (accounted: boolean) => {
      wanted.current.set(entryId, accounted);
      rerender();
      if (!sending.current.has(entryId)) send(entryId, accounted);
    },
  });

  const missing = [
    ...rollCall.visitors
      .filter((v) => !isAccounted(v.entryId, v.accountedAt))
      .map((v) => ({
        id: v.entryId,
        text: `${visitorNameOf(v)} — visitor, ${v.escortName ? `with ${v.escortName}` : 'no escort'}`,
      })),
    ...rollCall.staff
      .filter((s) => !isAccounted(s.entryId, s.accountedAt))
      .map((s) => ({ id: s.entryId, text: `${s.name ?? 'Member of staff'} — staff on duty` })),
  ];
  const total = rollCall.counts.total;
  const arrivals = [
    ...rollCall.arrivals.visitors.map((v) => `${v.name} — visitor${v.escortName ? `, with ${v.escortName}` : ''}`),
    ...rollCall.arrivals.staff.map((s) => `${s.name} — staff, came on duty`),
  ];

  return (
    <section aria-labelledby="roll-call-title" className="roll-call roll-call--open">
      <div className="roll-call-screen">
        <h1 id="roll-call-title">Roll call</h1>
        <p className="roll-call-started">
          Started {formatClock(rollCall.startedAt, timeZone)} by {rollCall.startedByName}. Marks made on other phones
          appear here within a few seconds.
        </p>
        <p className="roll-call-count" role="status">
          <strong>{total - missing.length}</strong> of <strong>{total}</strong> accounted for
        </p>
        {missing.length > 0 ? (
          <section className="roll-call-missing" aria-labelledby="roll-call-missing-title">
            <h2 id="roll-call-missing-title">Still missing ({missing.length})</h2>
            <ul>
              {missing.map((m) => (
                <li key={m.id}>{m.text}</li>
              ))}
            </ul>
          </section>
        ) : (
          <p className="roll-call-done">Everyone on the roll call is accounted for.</p>
        )}
        {markError ? (
          <p role="alert" className="admin-warning">
            {markError}
          </p>
        ) : null}
        {arrivals.length > 0 ? (
          <section className="roll-call-arrivals" aria-labelledby="roll-call-arrivals-title">
            <h2 id="roll-call-arrivals-title">Arrived since the roll call started ({arrivals.length})</h2>
            <ul>
              {arrivals.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
            <Button
              onClick={() => addArrivals.mutate({ siteId, rollCallId: rollCall.id })}
              disabled={addArrivals.isPending}
            >
              Add them to the roll call
            </Button>
            {addArrivals.error ? <p role="alert">{addArrivals.error.message}</p> : null}
          </section>
        ) : null}
        <div className="roll-call-actions">
          <Button variant="secondary" onClick={() => window.print()}>
            Print
          </Button>
          {confirmingClose ? null : (
            <Button variant="secondary" onClick={() => setConfirmingClose(true)}>
              Close roll call…
            </Button>
          )}
        </div>
        {confirmingClose ? (
          <section className="roll-call-confirm" aria-labelledby="roll-call-close-title">
            <p id="roll-call-close-title" className="roll-call-confirm__title">
              Close the roll call?
            </p>
            <p>
              {missing.length > 0
                ? `${missing.length} ${missing.length === 1 ? 'person is' : 'people are'} still not accounted for. `
                : ''}
              The list and every mark are kept, and closing it is recorded.
            </p>
            <Button onClick={() => close.mutate({ siteId, rollCallId: rollCall.id })} disabled={close.isPending}>
              Close roll call
            </Button>
            <Button variant="secondary" onClick={() => setConfirmingClose(false)}>
              Keep it open
            </Button>
            {close.error ? <p role="alert">{close.error.message}</p> : null}
          </section>
        ) : null}
        <RollCallPeople visitors={rollCall.visitors} staff={rollCall.staff} timeZone={timeZone} toggleFor={toggleFor} />
      </div>
      <RollCallPrint rollCall={rollCall} timeZone={timeZone} />
    </section>
  );
}
