import { useQuery } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { consentLabels } from '@threshold/validators';
import { useState } from 'react';
import { errorCodeOf, useTRPC } from '../api.ts';
import { formatDateTime, formatDay } from '../time.ts';
import { DisclosureForm } from './DisclosureForm.tsx';
import { draftOf } from './disclosure-types.ts';

const orNone = (text: string) => (text === '' ? '—' : text);

/** One request as recorded, with the visits it concerns; opening it is recorded in the audit trail. */
export function DisclosureDetail({
  siteId,
  timeZone,
  id,
  onClose,
}: {
  siteId: string;
  timeZone: string;
  id: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const record = useQuery(trpc.disclosures.get.queryOptions({ siteId, id }));
  if (record.isPending) return <p role="status">Loading the request…</p>;
  if (record.isError) {
    return (
      <section className="admin-panel" aria-label="Opened request">
        <p role="alert">
          {errorCodeOf(record.error) === 'NOT_FOUND'
            ? 'There is no such request in this site’s register.'
            : 'The request could not be loaded. Try again.'}
        </p>
        <Button variant="secondary" onClick={onClose}>
          Back to the register
        </Button>
      </section>
    );
  }
  const d = record.data;
  if (editing) {
    return (
      <DisclosureForm
        siteId={siteId}
        timeZone={timeZone}
        id={id}
        initial={draftOf(d)}
        onSaved={() => {
          setEditing(false);
          void record.refetch();
        }}
        onCancel={() => setEditing(false)}
      />
    );
  }
  return (
    <section className="admin-panel disclosure-detail" aria-labelledby="disclosure-detail-title">
      <h2 id="disclosure-detail-title">
        Request from {d.requesterName}, {d.agency}
      </h2>
      <dl>
        <dt>Received</dt>
        <dd>{formatDay(d.receivedOn)}</dd>
        <dt>Role</dt>
        <dd>{orNone(d.requesterRole)}</dd>
        <dt>What was asked for</dt>
        <dd className="disclosure-detail__text">{d.requested}</dd>
        <dt>Consent</dt>
        <dd>{consentLabels[d.consent]}</dd>
        {d.consent !== 'sought_and_obtained' ? (
          <>
            <dt>Reason for disclosing without consent</dt>
            <dd className="disclosure-detail__text">{d.reasonWithoutConsent}</dd>
          </>
        ) : null}
        <dt>Person told</dt>
        <dd>{d.toldOn ? `Yes, on ${formatDay(d.toldOn)}` : `No: ${d.notToldReason}`}</dd>
        <dt>Released</dt>
        <dd className="disclosure-detail__text">
          {d.releasedOn ? `${formatDay(d.releasedOn)}: ${d.released}` : 'Nothing released'}
        </dd>
        <dt>Decided by</dt>
        <dd>{d.decidedByName}</dd>
        <dt>Visits</dt>
        <dd>
          {d.visits.length === 0 ? (
            'None linked'
          ) : (
            <ul>
              {d.visits.map((v) => (
                <li key={v.id}>
                  {v.visitorName}, {formatDateTime(v.signedInAt, timeZone)}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <div className="disclosure-form__actions">
        <Button onClick={() => setEditing(true)}>Change this request</Button>
        <Button variant="secondary" onClick={onClose}>
          Back to the register
        </Button>
      </div>
    </section>
  );
}
