import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { alertLabel } from '../labels.ts';
import { formatClock } from '../time.ts';

/** Open "visitor astray" alerts: impossible to miss, each saying what to do, closed only with a note. */
export function AlertsPanel({ siteId, timeZone }: { siteId: string; timeZone: string }) {
  const trpc = useTRPC();
  const alerts = useQuery(trpc.alerts.open.queryOptions({ siteId }, { refetchInterval: 60_000 }));
  if (!alerts.data || alerts.data.length === 0) return null;
  return (
    <section className="admin-alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">
        {alerts.data.length === 1 ? '1 alert needs action' : `${alerts.data.length} alerts need action`}
      </h2>
      <ul>
        {alerts.data.map((a) => (
          <AlertItem key={a.id} siteId={siteId} alert={a} timeZone={timeZone} />
        ))}
      </ul>
    </section>
  );
}

interface AlertRow {
  id: string;
  kind: string;
  raisedAt: Date;
  visitorName: string | null;
  staffName: string | null;
}

function AlertItem({ siteId, alert, timeZone }: { siteId: string; alert: AlertRow; timeZone: string }) {
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
  const label = alertLabel(alert.kind);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    acknowledge.mutate({ siteId, alertId: alert.id, note });
  };
  return (
    <li className="admin-alert">
      {alert.kind === 'visit_access_granted' ? (
        <p className="admin-alert__title">
          <strong>{label.title}</strong> — {alert.staffName ?? 'a member of staff'} can now see visitors’ names here,
          since {formatClock(alert.raisedAt, timeZone)}
        </p>
      ) : (
        <p className="admin-alert__title">
          <strong>{label.title}</strong> — {alert.visitorName ?? 'a visitor'}
          {alert.staffName ? ` (escort: ${alert.staffName})` : ''}, since {formatClock(alert.raisedAt, timeZone)}
        </p>
      )}
      <p>{label.action}</p>
      {open ? (
        <form onSubmit={submit} noValidate>
          <TextField
            label="What was done (recorded with the alert)"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            error={acknowledge.error?.message}
          />
          <Button type="submit" disabled={acknowledge.isPending}>
            Acknowledge alert
          </Button>
        </form>
      ) : (
        <Button onClick={() => setOpen(true)}>Acknowledge…</Button>
      )}
    </li>
  );
}
