import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, TextAreaField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';

/** Closes a concern with what was done; the visit's hold is released separately, from the visit, with its own reason. */
export function CloseConcern({ siteId, concernId }: { siteId: string; concernId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const close = useMutation(
    trpc.safeguarding.closeConcern.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.safeguarding.concerns.queryKey() }),
    }),
  );
  const errors = formErrorsOf(close.error, ['note']);
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Close the concern…
      </Button>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    close.mutate({ siteId, concernId, note });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Close the concern">
      <TextAreaField
        label="What was done"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={errors.fields.note}
        rows={3}
      />
      <p className="admin-note">This will be recorded. The visit stays held until a coordinator releases the hold.</p>
      {errors.message ? <p role="alert">{errors.message}</p> : null}
      <Button type="submit" disabled={close.isPending}>
        Close the concern
      </Button>
    </form>
  );
}
