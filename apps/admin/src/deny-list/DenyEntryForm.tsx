import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@threshold/api';
import { Button, TextAreaField, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';

type Entry = RouterOutputs['denyList']['entries'][number];

const FIELDS = ['fullName', 'aliases', 'dateOfBirth', 'reason', 'reviewBy', 'change'] as const;

/** Adds an entry, or changes `entry` (asking why). Other names are typed one a line. */
export function DenyEntryForm({ siteId, entry, onDone }: { siteId: string; entry?: Entry; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fullName, setFullName] = useState(entry?.fullName ?? '');
  const [aliases, setAliases] = useState(entry?.aliases.join('\n') ?? '');
  const [dateOfBirth, setDateOfBirth] = useState(entry?.dateOfBirth ?? '');
  const [reason, setReason] = useState(entry?.reason ?? '');
  const [reviewBy, setReviewBy] = useState(entry?.reviewBy ?? '');
  const [change, setChange] = useState('');
  const onSuccess = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.denyList.entries.queryKey() });
    onDone();
  };
  const add = useMutation(trpc.denyList.add.mutationOptions({ onSuccess }));
  const edit = useMutation(trpc.denyList.edit.mutationOptions({ onSuccess }));
  const pending = add.isPending || edit.isPending;
  const errors = formErrorsOf(entry ? edit.error : add.error, FIELDS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fields = {
      siteId,
      fullName,
      aliases: aliases
        .split('\n')
        .map((a) => a.trim())
        .filter((a) => a !== ''),
      dateOfBirth: dateOfBirth === '' ? null : dateOfBirth,
      reason,
      reviewBy,
    };
    if (entry) edit.mutate({ ...fields, entryId: entry.id, change });
    else add.mutate(fields);
  };
  return (
    <form
      className="deny-list__form"
      onSubmit={submit}
      noValidate
      aria-label={entry ? 'Change the entry' : 'Add a person'}
    >
      <TextField
        label="Full name"
        value={fullName}
        onChange={(e) => setFullName(e.target.value)}
        error={errors.fields.fullName}
        autoComplete="off"
      />
      <TextAreaField
        label="Other names (one a line, optional)"
        value={aliases}
        onChange={(e) => setAliases(e.target.value)}
        error={errors.fields.aliases}
        rows={2}
      />
      <TextField
        label="Date of birth (optional)"
        type="date"
        value={dateOfBirth}
        onChange={(e) => setDateOfBirth(e.target.value)}
        error={errors.fields.dateOfBirth}
      />
      <TextAreaField
        label="Why they must not be let in"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={errors.fields.reason}
        rows={3}
      />
      <TextField
        label="Review by"
        type="date"
        value={reviewBy}
        onChange={(e) => setReviewBy(e.target.value)}
        error={errors.fields.reviewBy}
      />
      {entry ? (
        <TextAreaField
          label="Why it is changed"
          value={change}
          onChange={(e) => setChange(e.target.value)}
          error={errors.fields.change}
          rows={2}
        />
      ) : null}
      <p className="admin-note">This will be recorded in the audit trail (without the name or the reason).</p>
      {errors.message ? <p role="alert">{errors.message}</p> : null}
      <Button type="submit" disabled={pending}>
        {entry ? 'Save the change' : 'Add to the deny list'}
      </Button>
      <Button type="button" variant="secondary" onClick={onDone}>
        Cancel
      </Button>
    </form>
  );
}
