import './roll-call.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { PastRollCall, RollCallHistory } from './RollCallHistory.tsx';
import { RollCallSheet } from './RollCallSheet.tsx';

// Two phones marking at once see each other's marks within this long (and their own at once).
const REFRESH_MS = 3000;

/**
 * Evacuation: one button lists everyone on site (visitors with their escorts, staff on duty); each person is then
 * marked accounted for, on a phone or from a printed copy. Coordinators also see past roll calls.
 */
export function RollCallPage({
  siteId,
  timeZone,
  canSeeHistory,
  viewing,
  onView: setViewing,
}: {
  siteId: string;
  timeZone: string;
  canSeeHistory: boolean;
  /** The past roll call the address names, if any. */
  viewing: string | null;
  onView: (rollCallId: string | null) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.rollCall.current.queryOptions({ siteId }, { refetchInterval: REFRESH_MS }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.rollCall.current.queryKey({ siteId }) });
  const [confirming, setConfirming] = useState(false);
  const [closed, setClosed] = useState<{ accounted: number; total: number } | null>(null);
  const start = useMutation(
    trpc.rollCall.start.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        setClosed(null);
        await refresh();
      },
    }),
  );

  if (current.data) {
    return (
      <RollCallSheet
        siteId={siteId}
        timeZone={timeZone}
        rollCall={current.data}
        onChanged={refresh}
        onClosed={async (counts) => {
          setClosed(counts);
          void queryClient.invalidateQueries({ queryKey: trpc.rollCall.history.queryKey() });
          await refresh();
        }}
      />
    );
  }
  // An open roll call comes first: an evacuation started elsewhere replaces a past one being looked at.
  if (viewing && canSeeHistory) {
    return <PastRollCall siteId={siteId} rollCallId={viewing} timeZone={timeZone} onBack={() => setViewing(null)} />;
  }

  return (
    <section aria-labelledby="roll-call-title" className="roll-call">
      <h1 id="roll-call-title">Roll call</h1>
      {closed ? (
        <p className="roll-call-done" role="status">
          Roll call closed: {closed.accounted} of {closed.total} accounted for.
        </p>
      ) : null}
      {current.isError ? (
        <p role="alert" className="admin-warning">
          Threshold cannot be reached right now. Keep trying; use a printed list or the fire register meanwhile.
        </p>
      ) : null}
      <p>
        In an evacuation, start a roll call. It lists everyone on site at that moment — visitors with their escorts, and
        staff on duty — so you can mark each person accounted for at the assembly point, on a phone or on paper.
      </p>
      {confirming ? (
        <section className="roll-call-confirm" aria-labelledby="roll-call-confirm-title">
          <p id="roll-call-confirm-title" className="roll-call-confirm__title">
            Start a roll call now?
          </p>
          <p>If someone has already started one here, you join theirs. Starting it is recorded.</p>
          <Button
            size="large"
            className="roll-call-start"
            onClick={() => start.mutate({ siteId })}
            disabled={start.isPending}
          >
            Yes, start the roll call
          </Button>
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </section>
      ) : (
        <Button
          size="large"
          className="roll-call-start"
          onClick={() => setConfirming(true)}
          disabled={current.isPending}
        >
          Start roll call
        </Button>
      )}
      {start.error ? (
        <p role="alert" className="admin-warning">
          {start.error.message}
        </p>
      ) : null}
      {canSeeHistory ? <RollCallHistory siteId={siteId} timeZone={timeZone} onView={setViewing} /> : null}
    </section>
  );
}
