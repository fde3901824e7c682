import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { useLiveSite } from '../live.ts';
import { RaiseConcern } from '../safeguarding/RaiseConcernForm.tsx';
import { formatDuration, useNow } from '../time.ts';

/** The escort's phone: my visitors, one big "I am with them", hand over, sign out. Nothing else. */
export function EscortPage({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow();
  const status = useQuery(trpc.staff.myStatus.queryOptions({ siteId }));
  const mine = useQuery(trpc.escorts.mine.queryOptions({ siteId }, { refetchInterval: 30_000 }));
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.escorts.mine.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.staff.myStatus.queryKey() });
  };
  // Assignments, offers and handovers concerning this escort arrive live (the server sends only theirs).
  useLiveSite(siteId, refresh);
  const options = { onSuccess: refresh };
  const confirm = useMutation(trpc.escorts.confirm.mutationOptions(options));
  const accept = useMutation(trpc.escorts.acceptHandover.mutationOptions(options));
  const cancel = useMutation(trpc.escorts.cancelHandover.mutationOptions(options));
  const signOut = useMutation(trpc.escorts.signOut.mutationOptions(options));
  const duty = useMutation(trpc.staff.setDuty.mutationOptions(options));
  const failure = [confirm, accept, cancel, signOut, duty].find((m) => m.error)?.error;

  return (
    <section className="escort" aria-labelledby="escort-title">
      <h1 id="escort-title">My visitors</h1>
      {status.data ? (
        <div className="escort-duty">
          <p>{status.data.onDuty ? 'You are on duty.' : 'You are off duty: no visitor can be assigned to you.'}</p>
          <Button
            variant="secondary"
            onClick={() => duty.mutate({ siteId, onDuty: !status.data.onDuty })}
            disabled={duty.isPending}
          >
            {status.data.onDuty ? 'Go off duty' : 'Go on duty'}
          </Button>
          {!status.data.eligible && status.data.onDuty ? (
            <p className="admin-warning">You cannot escort yet: {status.data.reasons.map((r) => r.text).join(' ')}</p>
          ) : null}
        </div>
      ) : null}
      {failure ? (
        <p role="alert" className="admin-warning">
          {failure.message}
        </p>
      ) : null}
      {mine.data && mine.data.length === 0 ? (
        <p className="admin-empty">No visitor is assigned to you. You will be told here (and by email) when one is.</p>
      ) : null}
      <ul className="escort-list">
        {mine.data?.map((v) => (
          <li key={v.visitId} className="escort-card">
            <p className="escort-card__name" dir="auto">
              {v.visitorShortName}
            </p>
            <p className="escort-card__since">On site for {formatDuration(v.signedInAt, now)}</p>
            {v.role === 'offered' ? (
              <>
                <p>Another escort is handing this visitor over to you.</p>
                <Button size="large" onClick={() => accept.mutate({ siteId, visitId: v.visitId })}>
                  I am with <bdi>{v.visitorShortName}</bdi> — accept
                </Button>
                <Button variant="secondary" onClick={() => cancel.mutate({ siteId, visitId: v.visitId })}>
                  Decline
                </Button>
              </>
            ) : !v.confirmedAt ? (
              <Button size="large" onClick={() => confirm.mutate({ siteId, visitId: v.visitId })}>
                I am with <bdi>{v.visitorShortName}</bdi>
              </Button>
            ) : (
              <EscortActions siteId={siteId} visitId={v.visitId} offeredTo={v.offeredToStaffId} onDone={refresh} />
            )}
            {v.role === 'escort' && v.confirmedAt ? (
              <Button variant="secondary" onClick={() => signOut.mutate({ siteId, visitId: v.visitId })}>
                Sign <bdi>{v.visitorShortName}</bdi> out
              </Button>
            ) : null}
            {v.role === 'escort' ? (
              <RaiseConcern siteId={siteId} visitId={v.visitId} visitorName={v.visitorShortName} />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function EscortActions({
  siteId,
  visitId,
  offeredTo,
  onDone,
}: {
  siteId: string;
  visitId: string;
  offeredTo: string | null;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const [choosing, setChoosing] = useState(false);
  const colleagues = useQuery(trpc.escorts.colleagues.queryOptions({ siteId }, { enabled: choosing }));
  const offer = useMutation(
    trpc.escorts.offerHandover.mutationOptions({
      onSuccess: () => {
        setChoosing(false);
        onDone();
      },
    }),
  );
  const cancel = useMutation(trpc.escorts.cancelHandover.mutationOptions({ onSuccess: onDone }));
  if (offeredTo) {
    return (
      <>
        <p>Waiting for the other escort to accept. You stay responsible until they do.</p>
        <Button variant="secondary" onClick={() => cancel.mutate({ siteId, visitId })}>
          Cancel handover
        </Button>
      </>
    );
  }
  if (!choosing) {
    return (
      <Button variant="secondary" onClick={() => setChoosing(true)}>
        Hand over…
      </Button>
    );
  }
  return (
    <div>
      <p>Hand over to:</p>
      {colleagues.data?.length === 0 ? <p>No other escort is available right now.</p> : null}
      {colleagues.data?.map((c) => (
        <Button key={c.staffId} onClick={() => offer.mutate({ siteId, visitId, toStaffId: c.staffId })}>
          {c.name}
        </Button>
      ))}
      {offer.error ? <p role="alert">{offer.error.message}</p> : null}
      <Button variant="link" onClick={() => setChoosing(false)}>
        Cancel
      </Button>
    </div>
  );
}
