import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AppRouter } from '@threshold/api';
import { Button, TextField } from '@threshold/ui';
import { MAX_BULK_ALERTS } from '@threshold/validators';
import type { inferRouterOutputs } from '@trpc/server';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { alertLabel } from '../labels.ts';
import { formatDuration } from '../time.ts';
import { AlertItem } from './AlertItem.tsx';
import { type AlertGroup, groupSummary, OPEN_UP_TO } from './alert-groups.ts';

export type OpenAlert = inferRouterOutputs<AppRouter>['alerts']['open'][number];

interface Props {
  siteId: string;
  group: AlertGroup<OpenAlert>;
  timeZone: string;
  now: Date;
}

/** One kind of alert: a disclosure whose summary gives the count and the oldest age; what to do is said once. */
export function AlertGroupPanel({ siteId, group, timeZone, now }: Props) {
  const [open, setOpen] = useState(group.alerts.length <= OPEN_UP_TO);
  const label = alertLabel(group.kind);
  return (
    <details className="admin-alert-group" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <strong>{label.title}</strong> — {groupSummary(group.alerts.length, formatDuration(group.oldest, now))}
      </summary>
      <p className="admin-alert-group__action">{label.action}</p>
      {group.alerts.length > 1 ? <AcknowledgeGroup siteId={siteId} group={group} title={label.title} /> : null}
      <ul>
        {group.alerts.map((a) => (
          <AlertItem key={a.id} siteId={siteId} alert={a} timeZone={timeZone} />
        ))}
      </ul>
    </details>
  );
}

/** Closes the group's alerts (the oldest hundred, if there are more) with one note; each gets its own audit row. */
function AcknowledgeGroup({ siteId, group, title }: { siteId: string; group: AlertGroup<OpenAlert>; title: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const alertIds = group.alerts.slice(0, MAX_BULK_ALERTS).map((a) => a.id);
  const count = alertIds.length;
  const acknowledge = useMutation(
    trpc.alerts.acknowledgeMany.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        setNote('');
        void queryClient.invalidateQueries({ queryKey: trpc.alerts.open.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.visits.onSite.queryKey() });
      },
      // Someone else closed one of them meanwhile: show the list as it now stands before anyone tries again.
      onError: () => void queryClient.invalidateQueries({ queryKey: trpc.alerts.open.queryKey() }),
    }),
  );
  const errors = formErrorsOf(acknowledge.error, ['note', 'alertIds']);
  const which = count === group.alerts.length ? `all ${count}` : `the oldest ${count}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    acknowledge.mutate({ siteId, alertIds, note });
  };
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Acknowledge {which} with one note…<span className="th-visually-hidden"> ({title})</span>
      </Button>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="admin-alert-group__bulk">
      <TextField
        label={`What was done (recorded with each of the ${count} alerts)`}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={errors.fields.note}
      />
      {errors.fields.alertIds || errors.message ? <p role="alert">{errors.fields.alertIds ?? errors.message}</p> : null}
      <div className="admin-alert-group__buttons">
        <Button type="submit" disabled={acknowledge.isPending}>
          Acknowledge {count} alerts
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
