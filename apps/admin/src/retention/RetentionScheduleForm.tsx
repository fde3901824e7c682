import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@threshold/api';
import { Button, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';

type Overview = RouterOutputs['retention']['overview'];

/** The organisation's nightly purge time and concern review period (admins only). */
export function RetentionScheduleForm({ siteId, overview }: { siteId: string; overview: Overview }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [purgeTime, setPurgeTime] = useState(overview.purgeTime);
  const [reviewDays, setReviewDays] = useState(String(overview.concernReviewDays));
  const save = useMutation(
    trpc.retention.setSchedule.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.retention.overview.queryKey({ siteId }) }),
    }),
  );
  const errors = formErrorsOf(save.error, ['purgeTime', 'concernReviewDays']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ siteId, purgeTime, concernReviewDays: Number(reviewDays) });
  };
  const zone = overview.purgeTimeZone ?? 'the first site’s time zone';
  return (
    <form className="retention-form" onSubmit={submit} noValidate aria-label="Purge time and concern review">
      <TextField
        label="Nightly purge time"
        hint={`An hour from 0 to 23, or hours and minutes such as 02:00, in ${zone} time (the organisation’s first site). Choose a quiet hour.`}
        value={purgeTime}
        onChange={(e) => setPurgeTime(e.target.value)}
        error={errors.fields.purgeTime}
      />
      <TextField
        label="Concern review period, in days"
        hint="A concern holds its visit; the hold comes up for review this many days later. 1 to 90; 14 by default."
        inputMode="numeric"
        value={reviewDays}
        onChange={(e) => setReviewDays(e.target.value)}
        error={errors.fields.concernReviewDays}
      />
      {errors.message ? <p role="alert">{errors.message}</p> : null}
      {save.isSuccess ? (
        <p role="status">
          {save.data.changed ? 'Purge time and review period saved and recorded.' : 'Nothing changed.'}
        </p>
      ) : null}
      <Button type="submit" disabled={save.isPending}>
        Save purge time and review period
      </Button>
    </form>
  );
}
