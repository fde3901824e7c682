import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@threshold/api';
import { Button, TextAreaField } from '@threshold/ui';
import type { ScreeningDecision } from '@threshold/validators';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { useLiveSite } from '../live.ts';
import { formatDateTime } from '../time.ts';
import { ScreeningMatch } from './ScreeningMatch.tsx';

type Waiting = RouterOutputs['denyList']['waiting'][number];

/** Visitors held at sign-in: a coordinator admits or refuses each, with a reason. */
export function ScreeningQueue({ siteId, timeZone }: { siteId: string; timeZone: string }) {
  const trpc = useTRPC();
  const waiting = useQuery(trpc.denyList.waiting.queryOptions({ siteId }));
  // Kept here: the decided visitor leaves the list, but what to tell reception must stay on screen.
  const [instruction, setInstruction] = useState<string | null>(null);
  useLiveSite(siteId, () => void waiting.refetch());
  return (
    <section aria-labelledby="screening-title" className="deny-list__waiting">
      <h2 id="screening-title">Waiting for a decision</h2>
      {waiting.isError ? <p role="alert">{waiting.error.message}</p> : null}
      {instruction ? <p role="status">{instruction}</p> : null}
      {waiting.data?.length === 0 ? <p className="admin-empty">Nobody is waiting.</p> : null}
      <ul>
        {waiting.data?.map((w) => (
          <HeldVisitor key={w.visitId} siteId={siteId} timeZone={timeZone} held={w} onDecided={setInstruction} />
        ))}
      </ul>
    </section>
  );
}

interface HeldProps {
  siteId: string;
  timeZone: string;
  held: Waiting;
  onDecided: (instruction: string) => void;
}

function HeldVisitor({ siteId, timeZone, held, onDecided }: HeldProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const decide = useMutation(
    trpc.denyList.decide.mutationOptions({
      onSuccess: (result) => {
        onDecided(result.instruction);
        void queryClient.invalidateQueries({ queryKey: trpc.denyList.waiting.queryKey() });
      },
    }),
  );
  const errors = formErrorsOf(decide.error, ['reason']);
  const send = (decision: ScreeningDecision) => decide.mutate({ siteId, visitId: held.visitId, decision, reason });
  return (
    <li className="deny-list__held">
      <p>
        <strong>
          <bdi>{held.visitorName}</bdi>
        </strong>{' '}
        · badge {held.visitCode} · signed in {formatDateTime(held.signedInAt, timeZone)}
      </p>
      {held.outcome === 'check_failed' ? (
        <p>The deny-list check could not run for this sign-in, so the visitor is held until someone decides.</p>
      ) : (
        held.matches.map((m) => <ScreeningMatch key={m.entryId} typedName={held.visitorName} match={m} />)
      )}
      <form onSubmit={(e: FormEvent) => e.preventDefault()} noValidate aria-label={`Decide about ${held.visitorName}`}>
        <TextAreaField
          label="Reason for the decision"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={errors.fields.reason}
          rows={2}
        />
        <p className="admin-note">This will be recorded.</p>
        {errors.message ? <p role="alert">{errors.message}</p> : null}
        <Button type="button" disabled={decide.isPending} onClick={() => send('admitted')}>
          Admit
        </Button>
        <Button type="button" variant="secondary" disabled={decide.isPending} onClick={() => send('refused')}>
          Refuse entry
        </Button>
      </form>
    </li>
  );
}
