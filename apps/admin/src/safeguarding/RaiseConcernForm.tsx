import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, SelectField, TextAreaField } from '@threshold/ui';
import type { ConcernCategory } from '@threshold/validators';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import './safeguarding.css';
import { concernCategoryOptions } from './safeguarding-labels.ts';

/**
 * "Raise a concern" about one visit, for its escort's phone and the desk's board: a category and a note. It says
 * before sending that the concern is recorded, coordinators are told at once, and the visit's record is kept.
 */
export function RaiseConcernForm({
  siteId,
  visitId,
  visitorName,
  onRaised,
  onCancel,
}: {
  siteId: string;
  visitId: string;
  visitorName: string;
  onRaised: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [category, setCategory] = useState<ConcernCategory>('visitor_behaviour');
  const [note, setNote] = useState('');
  const raise = useMutation(
    trpc.safeguarding.raiseConcern.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.alerts.open.queryKey() });
        onRaised();
      },
    }),
  );
  const errors = formErrorsOf(raise.error, ['category', 'note']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    raise.mutate({ siteId, visitId, category, note });
  };
  return (
    <form className="concern-form" onSubmit={submit} noValidate aria-label={`Raise a concern about ${visitorName}`}>
      <SelectField
        label="What is the concern about?"
        value={category}
        options={concernCategoryOptions}
        onChange={setCategory}
        error={errors.fields.category}
      />
      <TextAreaField
        label="What happened"
        hint="Say what you saw or heard, in the words used if you can."
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={errors.fields.note}
        rows={4}
      />
      <p className="concern-form__notice">
        This will be recorded with your name. Coordinators are told at once, and the visit’s record is kept.
      </p>
      {errors.message ? <p role="alert">{errors.message}</p> : null}
      <div className="concern-form__actions">
        <Button type="submit" disabled={raise.isPending}>
          Record the concern
        </Button>
        <Button variant="link" type="button" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** A "Raise a concern…" button that opens the form in place. */
export function RaiseConcern(props: { siteId: string; visitId: string; visitorName: string }) {
  const [open, setOpen] = useState(false);
  const [raised, setRaised] = useState(false);
  if (open) {
    return (
      <RaiseConcernForm
        {...props}
        onRaised={() => {
          setOpen(false);
          setRaised(true);
        }}
        onCancel={() => setOpen(false)}
      />
    );
  }
  return (
    <>
      {raised ? <p role="status">Concern recorded. A coordinator has been told.</p> : null}
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Raise a concern…<span className="th-visually-hidden"> about {props.visitorName}</span>
      </Button>
    </>
  );
}
