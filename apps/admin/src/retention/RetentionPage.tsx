import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@threshold/api';
import { Button, TextField } from '@threshold/ui';
import { describeMonths } from '@threshold/validators';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { formatDateTime } from '../time.ts';
import { RetentionScheduleForm } from './RetentionScheduleForm.tsx';
import './retention.css';

type Overview = RouterOutputs['retention']['overview'];
type Purge = Overview['purges'][number];

const triggerLabels: Record<string, string> = { schedule: 'Nightly', command: 'Command line' };
const statusLabels: Record<string, string> = { running: 'Running', finished: 'Finished', failed: 'Failed' };

/**
 * How long this site keeps visits, and what the purges destroyed (counts only). Admins and coordinators see it;
 * only admins (`canSet`) change the periods.
 */
export function RetentionPage({ siteId, timeZone, canSet }: { siteId: string; timeZone: string; canSet: boolean }) {
  const trpc = useTRPC();
  const overview = useQuery(trpc.retention.overview.queryOptions({ siteId }));
  return (
    <section className="retention" aria-labelledby="retention-title">
      <h1 id="retention-title">Retention</h1>
      {overview.isError ? <p role="alert">{overview.error.message}</p> : null}
      {overview.data ? (
        <>
          <p>
            Visits at this site are destroyed <strong>{describeMonths(overview.data.effectiveMonths)}</strong> after
            they end (sign-out or a recorded departure), with their signatures, acknowledgements, alerts and emails,
            unless a safeguarding hold keeps them.
            {overview.data.siteMonths === null ? ' This site follows the organisation’s period.' : ''}
          </p>
          <p>
            The purge runs every night at <strong>{overview.data.purgeTime}</strong>
            {overview.data.purgeTimeZone ? ` (${overview.data.purgeTimeZone} time)` : ''}. A concern’s automatic hold
            comes up for review after <strong>{overview.data.concernReviewDays} days</strong>.
          </p>
          {canSet ? <RetentionForm siteId={siteId} overview={overview.data} /> : null}
          {canSet ? <RetentionScheduleForm siteId={siteId} overview={overview.data} /> : null}
          <PurgeTable purges={overview.data.purges} timeZone={timeZone} />
        </>
      ) : null}
    </section>
  );
}

function RetentionForm({ siteId, overview }: { siteId: string; overview: Overview }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [organisationMonths, setOrganisationMonths] = useState(String(overview.organisationMonths));
  const [siteMonths, setSiteMonths] = useState(overview.siteMonths === null ? '' : String(overview.siteMonths));
  const save = useMutation(
    trpc.retention.setPeriod.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.retention.overview.queryKey({ siteId }) }),
    }),
  );
  const errors = formErrorsOf(save.error, ['organisationMonths', 'siteMonths']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      siteId,
      organisationMonths: Number(organisationMonths),
      siteMonths: siteMonths.trim() === '' ? null : Number(siteMonths),
    });
  };
  return (
    <form className="retention-form" onSubmit={submit} noValidate aria-label="Retention periods">
      <TextField
        label="Organisation’s period, in months"
        hint="Every site, unless it has its own. 12 (1 year) to 120 (10 years); 36 is 3 years."
        inputMode="numeric"
        value={organisationMonths}
        onChange={(e) => setOrganisationMonths(e.target.value)}
        error={errors.fields.organisationMonths}
      />
      <TextField
        label="This site’s own period, in months"
        hint="Leave empty to follow the organisation. Policy 003 asks 72 (6 years) for some services."
        inputMode="numeric"
        value={siteMonths}
        onChange={(e) => setSiteMonths(e.target.value)}
        error={errors.fields.siteMonths}
      />
      {errors.message ? <p role="alert">{errors.message}</p> : null}
      {save.isSuccess ? (
        <p role="status">{save.data.changed ? 'Retention periods saved and recorded.' : 'Nothing changed.'}</p>
      ) : null}
      <Button type="submit" disabled={save.isPending}>
        Save retention periods
      </Button>
    </form>
  );
}

function PurgeTable({ purges, timeZone }: { purges: Purge[]; timeZone: string }) {
  if (purges.length === 0) return <p className="admin-empty">No purge has run yet.</p>;
  return (
    <table className="retention-table">
      <caption>Recent purges (all sites of the organisation)</caption>
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">By</th>
          <th scope="col">Status</th>
          <th scope="col">Visits destroyed</th>
          <th scope="col">Kept under a hold</th>
          <th scope="col">Disclosure requests destroyed</th>
        </tr>
      </thead>
      <tbody>
        {purges.map((p) => (
          <tr key={p.id}>
            <td>{formatDateTime(new Date(p.startedAt), timeZone)}</td>
            <td>{triggerLabels[p.trigger] ?? p.trigger}</td>
            <td>{statusLabels[p.status] ?? p.status}</td>
            <td>{p.counts.visits ?? 0}</td>
            <td>{p.skippedHeld}</td>
            <td>{p.counts.disclosureRequests ?? 0}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
