import { useMutation } from '@tanstack/react-query';
import { Button, ChoiceList } from '@threshold/ui';
import type { ConsentState, ExportReason } from '@threshold/validators';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';

const reasonChoices: { value: ExportReason; label: string }[] = [
  { value: 'compliance_review', label: 'Compliance review' },
  { value: 'safeguarding_review', label: 'Safeguarding review' },
  { value: 'funder_report', label: 'Report to a funder' },
  { value: 'inspection', label: 'Inspection or audit' },
];

function saveCsv(csv: string, filename: string): void {
  // The byte-order mark makes spreadsheet programs read the file as UTF-8 (names in any script).
  const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The register as filtered (dates and consent) as a CSV file; asks why, and says that is recorded. */
export function DisclosureExport({
  siteId,
  filter,
}: {
  siteId: string;
  filter: { from?: string; to?: string; consent?: ConsentState };
}) {
  const trpc = useTRPC();
  const [reason, setReason] = useState<ExportReason | null>(null);
  const exportCsv = useMutation(
    trpc.disclosures.exportCsv.mutationOptions({ onSuccess: (file) => saveCsv(file.csv, file.filename) }),
  );
  const errors = formErrorsOf(exportCsv.error, ['reason', 'from', 'to', 'consent']);
  return (
    <section className="admin-panel" aria-labelledby="disclosure-export-title">
      <h2 id="disclosure-export-title">Export the register as a spreadsheet (CSV)</h2>
      <ChoiceList
        legend="Why are you exporting the register?"
        name="disclosure-export-reason"
        choices={reasonChoices}
        value={reason}
        onChange={setReason}
        error={errors.fields.reason}
      />
      <p className="admin-note">The export, the filters and your reason are recorded in the audit trail.</p>
      {errors.message ? (
        <p role="alert" className="admin-warning">
          {errors.message}
        </p>
      ) : null}
      <Button
        variant="secondary"
        disabled={exportCsv.isPending}
        onClick={() => exportCsv.mutate({ siteId, ...filter, reason: reason ?? ('' as ExportReason) })}
      >
        Export CSV
      </Button>
      {exportCsv.data ? (
        <p role="status">
          Exported {exportCsv.data.count} {exportCsv.data.count === 1 ? 'request' : 'requests'} to{' '}
          {exportCsv.data.filename}.
        </p>
      ) : null}
    </section>
  );
}
