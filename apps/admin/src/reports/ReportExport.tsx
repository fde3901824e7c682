import { useMutation } from '@tanstack/react-query';
import { Button, ChoiceList } from '@threshold/ui';
import type { ExportCursor, ExportReason } from '@threshold/validators';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';

const reasonChoices: { value: ExportReason; label: string }[] = [
  { value: 'compliance_review', label: 'Compliance review' },
  { value: 'safeguarding_review', label: 'Safeguarding review' },
  { value: 'funder_report', label: 'Report to a funder' },
  { value: 'inspection', label: 'Inspection or audit' },
];

type Progress =
  | { step: 'idle' }
  | { step: 'running'; done: number; total: number }
  | { step: 'finished'; rows: number; filename: string }
  | { step: 'cancelled' }
  | { step: 'failed'; message: string };

const count = (n: number) => n.toLocaleString();

/** Hands the assembled file to the browser as a download. */
function saveCsv(parts: string[], filename: string): void {
  // The byte-order mark makes spreadsheet programs read the file as UTF-8 (names in any script).
  const url = URL.createObjectURL(new Blob(['\uFEFF', ...parts], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The period's visits as a CSV file, fetched page by page with a progress bar and a cancel button. The export is
 * recorded in the audit trail, with the reason given, when it starts.
 */
export function ReportExport({ siteId, from, to, label }: { siteId: string; from: string; to: string; label: string }) {
  const trpc = useTRPC();
  const start = useMutation(trpc.reports.exportStart.mutationOptions());
  const page = useMutation(trpc.reports.exportPage.mutationOptions());
  const [reason, setReason] = useState<ExportReason | null>(null);
  const [progress, setProgress] = useState<Progress>({ step: 'idle' });
  // Each run has a number; cancelling (or leaving the page) moves it on, so a page still in flight is dropped.
  const currentRun = useRef(0);
  useEffect(
    () => () => {
      currentRun.current += 1;
    },
    [],
  );
  const errors = formErrorsOf(start.error, ['reason', 'from', 'to']);

  const run = async (why: ExportReason) => {
    currentRun.current += 1;
    const thisRun = currentRun.current;
    setProgress({ step: 'idle' });
    // A refused start shows its reason next to the form (from `start.error`).
    const started = await start.mutateAsync({ siteId, from, to, reason: why }).catch(() => null);
    if (!started || currentRun.current !== thisRun) return;
    if (started.total === 0) {
      setProgress({ step: 'finished', rows: 0, filename: started.filename });
      return;
    }
    const parts = [started.header];
    let done = 0;
    let after: ExportCursor | null = null;
    setProgress({ step: 'running', done, total: started.total });
    try {
      do {
        const next = await page.mutateAsync({ siteId, exportId: started.exportId, after });
        if (currentRun.current !== thisRun) return;
        parts.push(next.csv);
        done += next.rows;
        after = next.next;
        setProgress({ step: 'running', done, total: started.total });
      } while (after);
    } catch (err) {
      if (currentRun.current === thisRun) {
        setProgress({ step: 'failed', message: formErrorsOf(err, []).message ?? 'The export failed; try again.' });
      }
      return;
    }
    saveCsv(parts, started.filename);
    setProgress({ step: 'finished', rows: done, filename: started.filename });
  };

  const cancel = () => {
    currentRun.current += 1;
    setProgress({ step: 'cancelled' });
  };

  const running = progress.step === 'running' || start.isPending;
  return (
    <section className="admin-panel reports-export" aria-labelledby="export-title">
      <h2 id="export-title">Export visits as a spreadsheet (CSV)</h2>
      <p>
        Every visit of {label}: date and times in the site's time zone, visitor and organisation, category, escorts and
        how soon one confirmed, the form version signed, what was acknowledged, and any exceptions.
      </p>
      <ChoiceList
        legend="Why are you exporting these visits?"
        name="export-reason"
        choices={reasonChoices}
        value={reason}
        onChange={setReason}
        error={errors.fields.reason}
      />
      <p className="admin-note">The export, the period and your reason are recorded in the audit trail.</p>
      {errors.fields.from || errors.fields.to || errors.message ? (
        <p role="alert" className="admin-warning">
          {errors.fields.from ?? errors.fields.to ?? errors.message}
        </p>
      ) : null}
      <div className="reports-export__actions">
        <Button
          onClick={() => {
            if (reason) void run(reason);
          }}
          disabled={running || !reason}
        >
          {running ? 'Exporting…' : 'Export CSV'}
        </Button>
        {progress.step === 'running' ? (
          <Button variant="secondary" onClick={cancel}>
            Cancel export
          </Button>
        ) : null}
      </div>
      {!reason && progress.step === 'idle' ? <p className="admin-note">Choose a reason to export.</p> : null}
      <ExportStatus progress={progress} />
    </section>
  );
}

function ExportStatus({ progress }: { progress: Progress }) {
  if (progress.step === 'idle') return null;
  if (progress.step === 'running') {
    return (
      <div className="reports-progress">
        <p id="export-progress-label" role="status">
          Exporting: {count(progress.done)} of {count(progress.total)} visits
        </p>
        <progress aria-labelledby="export-progress-label" max={progress.total} value={progress.done} />
      </div>
    );
  }
  if (progress.step === 'finished') {
    return (
      <p role="status" className="admin-ok">
        {progress.rows === 0
          ? 'There are no visits in this period to export.'
          : `Exported ${count(progress.rows)} visits to ${progress.filename}.`}
      </p>
    );
  }
  if (progress.step === 'cancelled') {
    return <p role="status">Export cancelled. No file was saved; the start of the export stays in the audit trail.</p>;
  }
  return (
    <p role="alert" className="admin-warning">
      {progress.message}
    </p>
  );
}
