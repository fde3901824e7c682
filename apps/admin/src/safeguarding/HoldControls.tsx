import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, SelectField, TextAreaField, TextField } from '@threshold/ui';
import type { HoldReason } from '@threshold/validators';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { formatDateTime, formatDay } from '../time.ts';
import { holdReasonLabels, holdReasonOptions } from './safeguarding-labels.ts';

/** Three months ahead: a hold nobody reviews should come back to someone's list. */
const defaultReviewDate = () => new Date(Date.now() + 91 * 86_400_000).toISOString().slice(0, 10);

/** A visit's safeguarding hold on its detail page: what holds it and a release with a reason, or a way to hold it. */
export function HoldControls({ siteId, visitId, timeZone }: { siteId: string; visitId: string; timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hold = useQuery(trpc.safeguarding.visitHold.queryOptions({ siteId, visitId }));
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.safeguarding.visitHold.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.safeguarding.holds.queryKey() });
  };
  if (hold.isError) return <p role="alert">{hold.error.message}</p>;
  if (hold.data === undefined) return null;
  return (
    <section className="hold-controls" aria-labelledby="hold-title">
      <h3 id="hold-title">Safeguarding hold</h3>
      {hold.data ? (
        <>
          <p className="hold-controls__held">
            Held: {holdReasonLabels[hold.data.reason]} · review by {formatDay(hold.data.reviewBy)} · placed by{' '}
            {hold.data.placedByName}, {formatDateTime(hold.data.placedAt, timeZone)}
          </p>
          {hold.data.note ? <p className="hold-controls__note">{hold.data.note}</p> : null}
          <ReleaseForm siteId={siteId} holdId={hold.data.id} onDone={refresh} />
        </>
      ) : (
        <HoldForm siteId={siteId} visitId={visitId} onDone={refresh} />
      )}
    </section>
  );
}

function HoldForm({ siteId, visitId, onDone }: { siteId: string; visitId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<HoldReason>('safeguarding_concern');
  const [note, setNote] = useState('');
  const [reviewBy, setReviewBy] = useState(defaultReviewDate);
  const place = useMutation(trpc.safeguarding.hold.mutationOptions({ onSuccess: onDone }));
  const errors = formErrorsOf(place.error, ['reason', 'note', 'reviewBy']);
  if (!open) {
    return (
      <>
        <p>Not held: this visit will be destroyed when the retention period ends.</p>
        <Button variant="secondary" onClick={() => setOpen(true)}>
          Hold this visit…
        </Button>
      </>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    place.mutate({ siteId, visitId, reason, note, reviewBy });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Hold this visit">
      <SelectField label="Reason" value={reason} options={holdReasonOptions} onChange={setReason} />
      <TextAreaField
        label="Note (kept with the hold)"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={errors.fields.note}
        rows={3}
      />
      <TextField
        label="Review by"
        type="date"
        value={reviewBy}
        onChange={(e) => setReviewBy(e.target.value)}
        error={errors.fields.reviewBy}
      />
      <p className="admin-note">Holding a visit is recorded in the audit trail. A held visit is kept until released.</p>
      {errors.message ? <p role="alert">{errors.message}</p> : null}
      <Button type="submit" disabled={place.isPending}>
        Hold the visit
      </Button>
    </form>
  );
}

function ReleaseForm({ siteId, holdId, onDone }: { siteId: string; holdId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const release = useMutation(trpc.safeguarding.release.mutationOptions({ onSuccess: onDone }));
  const errors = formErrorsOf(release.error, ['reason']);
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Release the hold…
      </Button>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    release.mutate({ siteId, holdId, reason });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Release the hold">
      <TextAreaField
        label="Why is the hold released?"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={errors.fields.reason}
        rows={3}
      />
      <p className="admin-note">
        This will be recorded. Once released, the visit is destroyed with the others when its retention period ends.
      </p>
      {errors.message ? <p role="alert">{errors.message}</p> : null}
      <Button type="submit" disabled={release.isPending}>
        Release the hold
      </Button>
    </form>
  );
}
