import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { logExceptionHelp, logExceptionKinds, logExceptionLabels } from '@threshold/validators';
import { type FormEvent, useId, useState } from 'react';
import { errorCodeOf, useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { PeriodFields } from '../PeriodFields.tsx';
import { OpenedVisit } from '../visits/OpenedVisit.tsx';
import { VisitLogTable } from '../visits/VisitLogTable.tsx';
import { dayLabel } from '../visits/visit-log-labels.ts';
import { SignOffHistory } from './SignOffHistory.tsx';
import './log-review.css';

/** Today and the first of this month, in the site's time zone (en-CA writes YYYY-MM-DD). */
function thisMonth(timeZone: string): { from: string; to: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
    .slice(0, 10);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/**
 * A coordinator reviews a period of the visit log: its exception report (every visit with an exception), then signs
 * it off with a note. The sign-off names the report it was made on, so a report that changed meanwhile is refused.
 */
export function LogReviewPage(props: {
  siteId: string;
  timeZone: string;
  openVisit: string | null;
  onOpenVisit: (visitId: string | null) => void;
}) {
  const { siteId, timeZone, openVisit, onOpenVisit: setOpenVisit } = props;
  const trpc = useTRPC();
  const [draft, setDraft] = useState(() => thisMonth(timeZone));
  const [period, setPeriod] = useState<{ from: string; to: string } | null>(null);
  const report = useQuery(
    trpc.logReviews.exceptionReport.queryOptions(period ? { siteId, ...period } : skipToken, {
      // Each fetch is an audited view: only when the coordinator asks.
      staleTime: Number.POSITIVE_INFINITY,
      gcTime: 0,
      refetchOnWindowFocus: false,
      retry: false,
    }),
  );
  const errors = formErrorsOf(report.error, ['from', 'to']);
  const show = (e: FormEvent) => {
    e.preventDefault();
    if (period && draft.from === period.from && draft.to === period.to) void report.refetch();
    else setPeriod(draft);
  };
  const data = report.data;

  return (
    <section aria-labelledby="log-review-title" className="log-review">
      <h1 id="log-review-title">Log review</h1>
      <p className="admin-note">
        Choose a period, read its exception report, then sign it off. Dates are days in the site’s time zone ({timeZone}
        ). Opening a report is recorded in the audit trail.
      </p>
      <form className="admin-period-form" onSubmit={show} noValidate aria-label="Period to review">
        <PeriodFields value={draft} onChange={setDraft} errors={errors.fields} />
        <Button type="submit" disabled={report.isFetching}>
          Show the exception report
        </Button>
      </form>
      {errors.message ? (
        <p role="alert" className="admin-warning">
          {errors.message}
        </p>
      ) : null}
      {report.isFetching ? <p role="status">Building the report…</p> : null}
      {openVisit ? (
        <OpenedVisit siteId={siteId} visitId={openVisit} timeZone={timeZone} onClose={() => setOpenVisit(null)} />
      ) : null}
      {data && period ? (
        <div hidden={openVisit !== null}>
          <section aria-labelledby="report-title" className="log-review__report">
            <h2 id="report-title">
              Exception report: {dayLabel(data.from)} to {dayLabel(data.to)}
            </h2>
            <p className="log-review__total">
              {data.visitCount.toLocaleString()} {data.visitCount === 1 ? 'visit' : 'visits'},{' '}
              {data.visits.length.toLocaleString()} with exceptions.
            </p>
            <ul className="log-review__counts">
              {logExceptionKinds.map((k) => (
                <li key={k} className={data.counts[k] > 0 ? 'log-review__count--some' : undefined}>
                  <strong>{data.counts[k].toLocaleString()}</strong> {logExceptionLabels[k]}
                  <span className="log-review__help">{logExceptionHelp[k]}</span>
                </li>
              ))}
            </ul>
            {data.visits.length === 0 ? (
              <p className="admin-empty">No visit in this period has an exception.</p>
            ) : (
              <VisitLogTable
                visits={data.visits}
                timeZone={timeZone}
                caption="Visits with exceptions in this period, newest first"
                onOpen={setOpenVisit}
              />
            )}
          </section>
          <SignOff siteId={siteId} period={period} digest={data.digest} onRefresh={() => void report.refetch()} />
        </div>
      ) : null}
      <SignOffHistory siteId={siteId} timeZone={timeZone} />
    </section>
  );
}

function SignOff({
  siteId,
  period,
  digest,
  onRefresh,
}: {
  siteId: string;
  period: { from: string; to: string };
  digest: string;
  onRefresh: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const noteId = useId();
  const [note, setNote] = useState('');
  const signOff = useMutation(
    trpc.logReviews.signOff.mutationOptions({
      onSuccess: () => {
        setNote('');
        void queryClient.invalidateQueries({ queryKey: trpc.logReviews.list.queryKey({ siteId }) });
      },
    }),
  );
  const errors = formErrorsOf(signOff.error, ['note']);
  const changed = errorCodeOf(signOff.error) === 'CONFLICT';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signOff.mutate({ siteId, ...period, digest, note });
  };
  return (
    <form className="admin-panel log-review__sign" onSubmit={submit} noValidate aria-labelledby="sign-title">
      <h2 id="sign-title">Sign off this review</h2>
      <p>
        Signing off records in the audit trail that you have reviewed this report, with the counts above. A sign-off
        cannot be changed afterwards.
      </p>
      <div className={['th-field', errors.fields.note ? 'th-field--error' : null].filter(Boolean).join(' ')}>
        <label htmlFor={noteId} className="th-field__label">
          Note (optional)
        </label>
        <p id={`${noteId}-hint`} className="th-field__hint">
          What you followed up, and with whom.
        </p>
        {errors.fields.note ? (
          <p id={`${noteId}-error`} className="th-field__error" role="alert">
            {errors.fields.note}
          </p>
        ) : null}
        <textarea
          id={noteId}
          className="th-field__input log-review__note"
          value={note}
          rows={4}
          onChange={(e) => setNote(e.target.value)}
          aria-describedby={`${noteId}-hint${errors.fields.note ? ` ${noteId}-error` : ''}`}
        />
      </div>
      {changed ? (
        <div role="alert" className="admin-notice">
          <p>{signOff.error?.message}</p>
          <Button
            variant="secondary"
            onClick={() => {
              signOff.reset();
              onRefresh();
            }}
          >
            Show the current report
          </Button>
        </div>
      ) : errors.message ? (
        <p role="alert" className="admin-warning">
          {errors.message}
        </p>
      ) : null}
      {signOff.isSuccess ? (
        <p role="status" className="admin-ok">
          Signed off. The review is listed below.
        </p>
      ) : null}
      <Button type="submit" disabled={signOff.isPending || signOff.isSuccess}>
        Sign off{' '}
        {period.from === period.to ? dayLabel(period.from) : `${dayLabel(period.from)} to ${dayLabel(period.to)}`}
      </Button>
    </form>
  );
}
