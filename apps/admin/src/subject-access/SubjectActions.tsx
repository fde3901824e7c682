import { useMutation } from '@tanstack/react-query';
import { Button, ChoiceList } from '@threshold/ui';
import {
  type SubjectErasureReason,
  type SubjectExportReason,
  subjectErasureReasonLabels,
  subjectExportReasonLabels,
} from '@threshold/validators';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { saveFile } from '../download.ts';
import { formErrorsOf } from '../form-errors.ts';
import { holdReasonLabels } from '../safeguarding/safeguarding-labels.ts';

const choicesOf = <T extends string>(labels: Record<T, string>) =>
  (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));

function ErrorLine({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="admin-warning">
      {message}
    </p>
  ) : null;
}

/** Export the ticked visits as JSON or PDF; asks why and says it is recorded. */
export function SubjectExport({ siteId, visitIds }: { siteId: string; visitIds: string[] }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState<SubjectExportReason | null>(null);
  const run = useMutation(trpc.subjectAccess.export.mutationOptions({ onSuccess: (file) => saveFile(file) }));
  const errors = formErrorsOf(run.error, ['reason', 'visitIds']);
  const start = (format: 'json' | 'pdf') =>
    run.mutate({ siteId, visitIds, format, reason: reason ?? ('' as SubjectExportReason) });
  return (
    <section className="admin-panel" aria-labelledby="subject-export-title">
      <h2 id="subject-export-title">Export a copy</h2>
      <ChoiceList
        legend="Why are you exporting these records?"
        name="subject-export-reason"
        choices={choicesOf(subjectExportReasonLabels)}
        value={reason}
        onChange={setReason}
        error={errors.fields.reason}
      />
      <p className="admin-note">
        The export, each visit in it and your reason will be recorded in the audit trail and on each visit’s timeline.
        It includes concerns, holds and requests for information: check them before giving a copy to the person, and
        withhold what could put a child or anyone else at risk.
      </p>
      <ErrorLine message={errors.fields.visitIds ?? errors.message} />
      <div className="subject-search">
        <Button variant="secondary" disabled={run.isPending} onClick={() => start('pdf')}>
          Export readable PDF
        </Button>
        <Button variant="secondary" disabled={run.isPending} onClick={() => start('json')}>
          Export JSON (every field)
        </Button>
      </div>
      {run.data ? <p role="status">Saved {run.data.filename}.</p> : null}
    </section>
  );
}

/** Erase the ticked visits unless held; asks why, confirms, and lists what could not be erased and why. */
export function SubjectErase({
  siteId,
  visitIds,
  describe,
  onErased,
}: {
  siteId: string;
  visitIds: string[];
  /** How to name a visit in the result (its visitor and time), from the search the page holds. */
  describe: (visitId: string) => string;
  onErased: () => void;
}) {
  const trpc = useTRPC();
  const [reason, setReason] = useState<SubjectErasureReason | null>(null);
  const [confirming, setConfirming] = useState(false);
  const run = useMutation(
    trpc.subjectAccess.erase.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        onErased();
      },
    }),
  );
  const errors = formErrorsOf(run.error, ['reason', 'visitIds']);
  return (
    <section className="admin-panel" aria-labelledby="subject-erase-title">
      <h2 id="subject-erase-title">Erase</h2>
      <ChoiceList
        legend="Why are you erasing these records?"
        name="subject-erase-reason"
        choices={choicesOf(subjectErasureReasonLabels)}
        value={reason}
        onChange={setReason}
        error={errors.fields.reason}
      />
      <p className="admin-note">
        Erasing removes each ticked visit with its signature, acknowledgements, emails, alerts, escorts, concerns and
        links to requests for information. It cannot be undone. A visit under a safeguarding hold is kept. The erasure
        and your reason will be recorded in the audit trail (visit ids only, no names).
      </p>
      <ErrorLine message={errors.fields.visitIds ?? errors.message} />
      {confirming ? (
        <div className="subject-search">
          <Button
            variant="primary"
            disabled={run.isPending}
            onClick={() => run.mutate({ siteId, visitIds, reason: reason ?? ('' as SubjectErasureReason) })}
          >
            Erase {visitIds.length} {visitIds.length === 1 ? 'visit' : 'visits'} permanently
          </Button>
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button variant="secondary" disabled={visitIds.length === 0} onClick={() => setConfirming(true)}>
          Erase the ticked visits…
        </Button>
      )}
      {run.data ? (
        <div role="status">
          <p>
            Erased {run.data.erased.length} {run.data.erased.length === 1 ? 'visit' : 'visits'}.
          </p>
          {run.data.held.length > 0 ? (
            <ul>
              {run.data.held.map((h) => (
                <li key={h.visitId} className="subject-held">
                  {describe(h.visitId)} cannot be erased: safeguarding hold (
                  {holdReasonLabels[h.holdReason as keyof typeof holdReasonLabels] ?? h.holdReason})
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
