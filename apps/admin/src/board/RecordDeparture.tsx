import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, TextAreaField, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import './departure.css';
import { siteLocalToInstant } from './site-time.ts';

interface VisitRef {
  siteId: string;
  visitId: string;
  visitorName: string;
  timeZone: string;
}

/**
 * For a visit still open at closing time: when the visitor actually left (site time; not in the future, not before
 * they signed in) and how staff know. Saving signs the visit out at that time.
 */
function RecordDepartureForm({ siteId, visitId, visitorName, timeZone, onDone }: VisitRef & { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [departedAt, setDepartedAt] = useState('');
  const [note, setNote] = useState('');
  // A time the field cannot give yet (empty or half typed) is named here; the server judges complete ones.
  const [timeMissing, setTimeMissing] = useState(false);
  const record = useMutation(
    trpc.departures.record.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.visits.onSite.queryKey() });
        onDone();
      },
    }),
  );
  const errors = formErrorsOf(record.error, ['departedAt', 'note']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const at = siteLocalToInstant(departedAt, timeZone);
    setTimeMissing(at === null);
    if (at) record.mutate({ siteId, visitId, departedAt: at, note });
  };
  return (
    <form className="admin-departure" onSubmit={submit} noValidate aria-label={`Record when ${visitorName} left`}>
      <TextField
        label="When they left"
        hint={`Date and time at the site (${timeZone}).`}
        type="datetime-local"
        value={departedAt}
        onChange={(e) => setDepartedAt(e.target.value)}
        error={timeMissing ? 'Enter the date and time they left' : errors.fields.departedAt}
      />
      <TextAreaField
        label="How you know"
        hint="For example: night staff saw them leave at 17:30."
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={errors.fields.note}
        rows={2}
      />
      <p className="admin-departure__notice">This will be recorded with your name.</p>
      {errors.message ? <p role="alert">{errors.message}</p> : null}
      <Button type="submit" disabled={record.isPending}>
        Record departure
      </Button>
      <Button variant="link" type="button" onClick={onDone}>
        Cancel
      </Button>
    </form>
  );
}

/** Desk staff sign a visitor out for them (seen leaving, badge handed in), with a reason that is kept. */
function SignOutForm({ siteId, visitId, visitorName, onDone }: VisitRef & { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const signOut = useMutation(
    trpc.departures.signOutOnBehalf.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.visits.onSite.queryKey() });
        onDone();
      },
    }),
  );
  const errors = formErrorsOf(signOut.error, ['reason']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signOut.mutate({ siteId, visitId, reason });
  };
  return (
    <form className="admin-departure" onSubmit={submit} noValidate aria-label={`Sign ${visitorName} out`}>
      <TextAreaField
        label="Why are you signing them out?"
        hint="For example: handed their badge in at reception."
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={errors.fields.reason}
        rows={2}
      />
      <p className="admin-departure__notice">It will be recorded with your name, and their escort is told.</p>
      {errors.message ? <p role="alert">{errors.message}</p> : null}
      <Button type="submit" disabled={signOut.isPending}>
        Sign out now
      </Button>
      <Button variant="link" type="button" onClick={onDone}>
        Cancel
      </Button>
    </form>
  );
}

/**
 * The board's departure action for one visit: "Record departure…" when the departure was not confirmed at closing
 * time, otherwise "Sign out for them…".
 */
export function DepartureAction(props: VisitRef & { state: string }) {
  const [open, setOpen] = useState(false);
  const unconfirmed = props.state === 'departure_unconfirmed';
  if (open) {
    const Form = unconfirmed ? RecordDepartureForm : SignOutForm;
    return <Form {...props} onDone={() => setOpen(false)} />;
  }
  return (
    <Button variant="secondary" onClick={() => setOpen(true)}>
      {unconfirmed ? 'Record departure…' : 'Sign out for them…'}
      <span className="th-visually-hidden"> ({props.visitorName})</span>
    </Button>
  );
}
