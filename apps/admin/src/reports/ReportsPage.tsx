import { useQuery } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { logExceptionKinds, logExceptionLabels } from '@threshold/validators';
import { Fragment, lazy, Suspense, useMemo, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { categoryLabel, labelOf } from '../labels.ts';
import { PeriodFields } from '../PeriodFields.tsx';
import { ReportExport } from './ReportExport.tsx';
import './reports.css';

// chart.js is the largest thing in the dashboard: only coordinators who open Reports download it.
const VisitsChart = lazy(() => import('./VisitsChart.tsx').then((m) => ({ default: m.VisitsChart })));

const DAY_MS = 24 * 3600 * 1000;

function addDays(day: string, days: number): string {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last 12 weeks in the site's time zone: from the Monday 11 weeks before this week's, to today. */
function lastTwelveWeeks(timeZone: string): { from: string; to: string } {
  // en-CA writes dates as YYYY-MM-DD.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
    .slice(0, 10);
  const sinceMonday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  return { from: addDays(today, -sinceMonday - 11 * 7), to: today };
}

/** A calendar day for people ("3 Mar 2031"); the day is already site-local, so it is shown as is (UTC). */
function dayLabel(day: string, withYear: boolean): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  });
}

function minutesLabel(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes * 10) / 10} min`;
  return `${Math.floor(minutes / 60)} h ${Math.round(minutes % 60)} min`;
}

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
const count = (n: number) => n.toLocaleString();
const visits = (n: number) => `${count(n)} ${n === 1 ? 'visit' : 'visits'}`;

/**
 * Coordinators' reports for a period of site-local days: visits per week by category (a chart, and the same numbers
 * as a table), compliance, the median time to escort confirmation, and a CSV export. Each view is audited.
 */
export function ReportsPage({ siteId, timeZone }: { siteId: string; timeZone: string }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState(() => lastTwelveWeeks(timeZone));
  const [period, setPeriod] = useState(draft);
  const report = useQuery(
    trpc.reports.visits.queryOptions(
      { siteId, ...period },
      // Each fetch is an audited view: never refetch behind the coordinator's back.
      { staleTime: Number.POSITIVE_INFINITY, gcTime: 0, refetchOnWindowFocus: false, retry: false },
    ),
  );
  const errors = formErrorsOf(report.error, ['from', 'to']);
  const data = report.data;
  const label = `${dayLabel(period.from, true)} to ${dayLabel(period.to, true)}`;
  const chart = useMemo(
    () =>
      data
        ? {
            weekLabels: data.weeks.map((w) => dayLabel(w.weekStart, false)),
            series: data.categories.map((c, i) => ({
              key: c,
              label: labelOf(categoryLabel, c),
              counts: data.weeks.map((w) => w.counts[i] ?? 0),
            })),
          }
        : null,
    [data],
  );
  const total = data ? data.weeks.reduce((sum, w) => sum + w.total, 0) : 0;
  const ofMeasured = (n: number) => `${count(n)} of ${count(data?.compliance.measured ?? 0)}`;

  return (
    <section aria-labelledby="reports-title" className="reports">
      <h1 id="reports-title">Reports</h1>
      <p className="admin-note">
        Dates are days in the site's time zone ({timeZone}). Looking at a report is recorded in the audit trail.
      </p>
      <form
        className="admin-period-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.from === period.from && draft.to === period.to) void report.refetch();
          else setPeriod(draft);
        }}
      >
        <PeriodFields value={draft} onChange={setDraft} errors={errors.fields} />
        <Button type="submit">Show report</Button>
      </form>
      {errors.message ? (
        <p role="alert" className="admin-warning">
          {errors.message}
        </p>
      ) : null}
      {report.isFetching ? <p role="status">Loading the report…</p> : null}
      {data && chart ? (
        <>
          <h2 className="reports-period-title">{label}</h2>
          <div className="reports-figures">
            <section className="reports-figure" aria-labelledby="compliance-title">
              <h3 id="compliance-title">Compliance rate</h3>
              <p className="reports-figure__value">
                {data.compliance.rate === null ? 'No visits to measure' : percent(data.compliance.rate)}
              </p>
              <p>
                {count(data.compliance.compliant)} of {count(data.compliance.measured)} visits compliant
              </p>
              <p className="admin-note">
                Compliant means all three: the visitor signed the visitor form, acknowledged both policies and the
                no-photography statement, and an escort confirmed within {data.targetMinutes} minutes of sign-in.
                {data.compliance.pending > 0
                  ? ` Not counted yet: ${visits(data.compliance.pending)} still inside those ${data.targetMinutes} minutes without a confirmed escort.`
                  : ''}
              </p>
              <dl className="admin-facts">
                <dt>Form signed</dt>
                <dd>{ofMeasured(data.compliance.formSigned)}</dd>
                <dt>Policies and no-photography acknowledged</dt>
                <dd>{ofMeasured(data.compliance.acknowledged)}</dd>
                <dt>Escort confirmed within {data.targetMinutes} min</dt>
                <dd>{ofMeasured(data.compliance.escortInTime)}</dd>
              </dl>
            </section>
            <section className="reports-figure" aria-labelledby="median-title">
              <h3 id="median-title">Median time to escort confirmation</h3>
              <p className="reports-figure__value">
                {data.compliance.medianMinutesToConfirm === null
                  ? 'No confirmations'
                  : minutesLabel(data.compliance.medianMinutesToConfirm)}
              </p>
              <p className="admin-note">
                {data.compliance.confirmed === 0
                  ? 'No escort confirmed a visit in this period.'
                  : `From sign-in to the first escort's confirmation, over ${visits(data.compliance.confirmed)} with a confirmed escort: half took longer than this, half less.`}
              </p>
            </section>
            <section className="reports-figure" aria-labelledby="exceptions-title">
              <h3 id="exceptions-title">Exceptions</h3>
              <p className="admin-note">
                How many visits of the period have each exception, as the visit log shows them.
              </p>
              <dl className="admin-facts">
                {logExceptionKinds.map((kind) => (
                  <Fragment key={kind}>
                    <dt>{logExceptionLabels[kind]}</dt>
                    <dd>{count(data.exceptions[kind])}</dd>
                  </Fragment>
                ))}
              </dl>
            </section>
          </div>
          <section aria-labelledby="weekly-title">
            <h3 id="weekly-title">Visits per week by category</h3>
            {total === 0 ? (
              <p className="admin-empty">
                No visits in this period. Bars for each week, coloured by visitor category, will appear here once
                visitors sign in.
              </p>
            ) : (
              <>
                <Suspense fallback={<p>Drawing the chart…</p>}>
                  <VisitsChart
                    weekLabels={chart.weekLabels}
                    series={chart.series}
                    description={`Stacked bar chart: ${visits(total)}, ${label}, per week by category. The same numbers are in the table below.`}
                  />
                </Suspense>
                <p className="admin-note">Weeks start on Monday; the first and last week may be partial.</p>
                <WeeklyTable label={label} weeks={data.weeks} series={chart.series} total={total} />
              </>
            )}
          </section>
        </>
      ) : null}
      <ReportExport siteId={siteId} from={period.from} to={period.to} label={label} />
    </section>
  );
}

function WeeklyTable({
  label,
  weeks,
  series,
  total,
}: {
  label: string;
  weeks: { weekStart: string; total: number }[];
  series: { key: string; label: string; counts: number[] }[];
  total: number;
}) {
  return (
    <details className="reports-table">
      <summary>Show these numbers as a table</summary>
      <table className="admin-table">
        <caption>Visits per week by category, {label}</caption>
        <thead>
          <tr>
            <th scope="col">Week starting</th>
            {series.map((s) => (
              <th scope="col" key={s.key}>
                {s.label}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w, i) => (
            <tr key={w.weekStart}>
              <th scope="row">{dayLabel(w.weekStart, true)}</th>
              {series.map((s) => (
                <td key={s.key}>{s.counts[i]}</td>
              ))}
              <td>{w.total}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All weeks</th>
            {series.map((s) => (
              <td key={s.key}>{s.counts.reduce((a, b) => a + b, 0)}</td>
            ))}
            <td>{total}</td>
          </tr>
        </tfoot>
      </table>
    </details>
  );
}
