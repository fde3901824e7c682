import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { MySignIn } from './MySignIn.tsx';

/**
 * What a member of staff manages themselves: accepting the staff policy, their kiosk PIN, their escort status, and
 * how they sign in.
 */
export function MyAccountPage({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.staff.myStatus.queryOptions({ siteId }));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.staff.myStatus.queryKey() });
  const acknowledge = useMutation(trpc.staff.acknowledgePolicy.mutationOptions({ onSuccess: refresh }));
  const duty = useMutation(trpc.staff.setDuty.mutationOptions({ onSuccess: refresh }));
  const s = status.data;
  return (
    <section aria-labelledby="me-title" className="admin-me">
      <h1 id="me-title">My account</h1>
      {s ? (
        <>
          <h2>On duty</h2>
          <p>
            {s.onDuty
              ? 'You are on duty at this site: you are on the evacuation roll call.'
              : 'You are off duty at this site: you are not on the evacuation roll call, and no visitor can be assigned to you.'}
          </p>
          <Button
            variant="secondary"
            onClick={() => duty.mutate({ siteId, onDuty: !s.onDuty })}
            disabled={duty.isPending}
          >
            {s.onDuty ? 'Go off duty' : 'Go on duty'}
          </Button>
          {duty.error ? <p role="alert">{duty.error.message}</p> : null}
          <h2>Escorting</h2>
          {s.eligible ? (
            <p>You can be assigned as an escort.</p>
          ) : (
            <ul>
              {s.reasons.map((r) => (
                <li key={r.code}>{r.text}</li>
              ))}
            </ul>
          )}
          <p>Safeguarding training recorded: {s.trainedOn ?? 'none'}</p>
          <h2>Staff confidentiality and child-protection policy</h2>
          {s.policyAcknowledged ? <p>You have accepted the current version.</p> : null}
          {!s.policyAcknowledged
            ? s.policies.map((doc) => (
                <article key={doc.id} className="admin-panel" lang={doc.language}>
                  <h3>
                    {doc.title} (version {doc.version})
                  </h3>
                  <p className="admin-policy">{doc.body}</p>
                  <Button
                    onClick={() => acknowledge.mutate({ siteId, documentId: doc.id })}
                    disabled={acknowledge.isPending}
                  >
                    I have read and accept this policy
                  </Button>
                  {acknowledge.error ? <p role="alert">{acknowledge.error.message}</p> : null}
                </article>
              ))
            : null}
          <h2>Kiosk PIN</h2>
          <p>{s.hasPin ? 'You have a PIN.' : 'You have no PIN yet.'} You use it to confirm a visitor at the kiosk.</p>
          <PinForm onSaved={refresh} />
        </>
      ) : null}
      <MySignIn />
    </section>
  );
}

function PinForm({ onSaved }: { onSaved: () => void }) {
  const trpc = useTRPC();
  const [pin, setPin] = useState('');
  const [saved, setSaved] = useState(false);
  const setPinMutation = useMutation(
    trpc.staff.setPin.mutationOptions({
      onSuccess: () => {
        setPin('');
        setSaved(true);
        onSaved();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setPinMutation.mutate({ pin });
  };
  return (
    <form onSubmit={submit} noValidate>
      <TextField
        label="New 6-digit PIN"
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        maxLength={6}
        value={pin}
        onChange={(e) => setPin(e.target.value)}
        error={setPinMutation.error?.message}
      />
      <Button type="submit" disabled={setPinMutation.isPending}>
        Save PIN
      </Button>
      {saved ? <p role="status">Your PIN is saved.</p> : null}
    </form>
  );
}
