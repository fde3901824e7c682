import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { formatDay } from '../time.ts';

/** Who can escort at this site, and why not; coordinators record safeguarding training here. */
export function EscortsPage({ siteId, canRecordTraining }: { siteId: string; canRecordTraining: boolean }) {
  const trpc = useTRPC();
  const escorts = useQuery(trpc.escorts.list.queryOptions({ siteId }));
  return (
    <section aria-labelledby="escorts-title">
      <h1 id="escorts-title">Escorts</h1>
      <p className="admin-note">
        To escort, a member of staff needs the escort role here, to have accepted the current staff policy, safeguarding
        training within the organisation’s period, and to be on duty.
      </p>
      {escorts.data?.length === 0 ? <p className="admin-empty">No one holds the escort role at this site.</p> : null}
      {escorts.data && escorts.data.length > 0 ? (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Can escort now?</th>
              <th scope="col">Training</th>
            </tr>
          </thead>
          <tbody>
            {escorts.data.map((e) => (
              <tr key={e.staffId}>
                <td>{e.name}</td>
                <td>{e.eligible ? 'Yes' : e.reasons.map((r) => r.text).join(' ')}</td>
                <td>
                  {e.trainedOn ? formatDay(e.trainedOn) : 'none recorded'}
                  {canRecordTraining ? <RecordTraining siteId={siteId} staffId={e.staffId} name={e.name} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function RecordTraining({ siteId, staffId, name }: { siteId: string; staffId: string; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [date, setDate] = useState('');
  const record = useMutation(
    trpc.escorts.recordTraining.mutationOptions({
      onSuccess: () => {
        setDate('');
        void queryClient.invalidateQueries({ queryKey: trpc.escorts.list.queryKey() });
      },
    }),
  );
  const errors = formErrorsOf(record.error, ['completedOn']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate({ siteId, staffId, completedOn: date });
  };
  return (
    <form onSubmit={submit} noValidate className="admin-inline-form">
      <TextField
        label={`Training completed by ${name} on`}
        type="date"
        value={date}
        onChange={(e) => setDate(e.target.value)}
        error={errors.fields.completedOn}
      />
      {errors.message ? <p role="alert">{errors.message}</p> : null}
      <Button type="submit" variant="secondary" disabled={record.isPending || !date}>
        Record training
      </Button>
    </form>
  );
}
