import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@threshold/api';
import { Button, TextAreaField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { DenyEntryForm } from './DenyEntryForm.tsx';

type Entry = RouterOutputs['denyList']['entries'][number];

/** One entry: its details, and change or remove (removal asks a reason). */
export function DenyEntryItem({ siteId, entry }: { siteId: string; entry: Entry }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'view' | 'edit' | 'remove'>('view');
  const [reason, setReason] = useState('');
  const remove = useMutation(
    trpc.denyList.remove.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.denyList.entries.queryKey() }),
    }),
  );
  const errors = formErrorsOf(remove.error, ['reason']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    remove.mutate({ siteId, entryId: entry.id, reason });
  };
  return (
    <li className="deny-list__entry">
      <p>
        <strong>
          <bdi>{entry.fullName}</bdi>
        </strong>
        {entry.aliases.length > 0 ? (
          <>
            {' '}
            · also <bdi>{entry.aliases.join(', ')}</bdi>
          </>
        ) : null}
        {entry.dateOfBirth ? ` · born ${entry.dateOfBirth}` : ''}
      </p>
      <p dir="auto">{entry.reason}</p>
      <p className="admin-note">
        Added by {entry.addedByName} · review by {entry.reviewBy}
        {entry.reviewDue ? <strong className="deny-list__due"> · review due</strong> : null}
      </p>
      {mode === 'view' ? (
        <>
          <Button variant="secondary" onClick={() => setMode('edit')}>
            Change…
          </Button>
          <Button variant="secondary" onClick={() => setMode('remove')}>
            Remove…
          </Button>
        </>
      ) : null}
      {mode === 'edit' ? <DenyEntryForm siteId={siteId} entry={entry} onDone={() => setMode('view')} /> : null}
      {mode === 'remove' ? (
        <form onSubmit={submit} noValidate aria-label="Remove the entry">
          <TextAreaField
            label="Why it is removed"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={errors.fields.reason}
            rows={2}
          />
          <p className="admin-note">This will be recorded. The name stops matching at once.</p>
          {errors.message ? <p role="alert">{errors.message}</p> : null}
          <Button type="submit" disabled={remove.isPending}>
            Remove from the deny list
          </Button>
          <Button type="button" variant="secondary" onClick={() => setMode('view')}>
            Cancel
          </Button>
        </form>
      ) : null}
    </li>
  );
}
