import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, TextField } from '@threshold/ui';
import { isolateDirection } from '@threshold/validators/short-name';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { formatClock } from '../time.ts';
import type { OpenAlert } from './AlertGroupPanel.tsx';

/** Who an alert is about, in a few words; the group above says what kind of alert it is. */
function aboutText(alert: OpenAlert): string {
  if (alert.kind === 'visit_access_granted') {
    return `${alert.staffName ? isolateDirection(alert.staffName) : 'A member of staff'} can now see visitors’ names here`;
  }
  // Names in a right-to-left script are isolated, so "(escort: …)" is not reordered around them.
  const visitor = alert.visitorName ? isolateDirection(alert.visitorName) : 'A visitor';
  return `${visitor}${alert.staffName ? ` (escort: ${isolateDirection(alert.staffName)})` : ''}`;
}

/** One alert on one line; its own acknowledge opens a note field beneath it. */
export function AlertItem({ siteId, alert, timeZone }: { siteId: string; alert: OpenAlert; timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [open, setOpen] = useState(false);
  const acknowledge = useMutation(
    trpc.alerts.acknowledge.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.alerts.open.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.visits.onSite.queryKey() });
      },
    }),
  );
  const errors = formErrorsOf(acknowledge.error, ['note']);
  const about = aboutText(alert);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    acknowledge.mutate({ siteId, alertId: alert.id, note });
  };
  return (
    <li className="admin-alert">
      <div className="admin-alert__line">
        <p>
          {about}, since {formatClock(alert.raisedAt, timeZone)}
        </p>
        {open ? null : (
          <Button variant="secondary" onClick={() => setOpen(true)}>
            Acknowledge…<span className="th-visually-hidden"> {about}</span>
          </Button>
        )}
      </div>
      {open ? (
        <form onSubmit={submit} noValidate>
          <TextField
            label="What was done (recorded with the alert)"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            error={errors.fields.note}
          />
          {errors.message ? <p role="alert">{errors.message}</p> : null}
          <Button type="submit" disabled={acknowledge.isPending}>
            Acknowledge alert
          </Button>
        </form>
      ) : null}
    </li>
  );
}
