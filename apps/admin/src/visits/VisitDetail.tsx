import { useMutation, useQuery } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useTRPC } from '../api.ts';
import { saveFile } from '../download.ts';
import { categoryLabel, labelOf, stateLabel } from '../labels.ts';
import { HoldControls } from '../safeguarding/HoldControls.tsx';
import { formatDateTime } from '../time.ts';

function formatSeconds(total: number): string {
  const minutes = Math.floor(total / 60);
  return minutes < 1
    ? `${total} s`
    : minutes < 60
      ? `${minutes} min`
      : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const viaLabel: Record<string, string> = {
  phone: 'on their phone',
  kiosk_pin: 'with their PIN at the kiosk',
  handover: 'by handover',
};
const confirmedVia = (via: string | null) => (via ? (viaLabel[via] ?? via) : '');

const endLabel: Record<string, string> = {
  reassigned: 'reassigned',
  handed_over: 'handed over',
  signed_out: 'signed out',
  off_duty: 'went off duty',
  deactivated: 'account deactivated',
};
const endReason = (reason: string | null) => (reason ? (endLabel[reason] ?? reason) : '');

interface Props {
  siteId: string;
  visitId: string;
  timeZone: string;
  onClose: () => void;
}

/** A visit's record and its signed form. Opening it is recorded in the audit trail (need to know). */
export function VisitDetail({ siteId, visitId, timeZone, onClose }: Props) {
  const trpc = useTRPC();
  // Each opening is a separate, audited view: never served from cache.
  const detail = useQuery(trpc.visits.detail.queryOptions({ siteId, visitId }, { staleTime: 0, gcTime: 0 }));
  const v = detail.data;
  const pdf = useMutation(trpc.visits.downloadSignedForm.mutationOptions({ onSuccess: saveFile }));
  return (
    <section className="admin-panel admin-detail" aria-labelledby="visit-detail-title">
      <div className="admin-detail__head">
        <h2 id="visit-detail-title">{v ? v.visitorName : 'Visit'}</h2>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
      <p className="admin-note">Opening a visit is recorded in the audit trail.</p>
      {detail.isError ? <p role="alert">{detail.error.message}</p> : null}
      {v ? (
        <>
          <dl className="admin-facts">
            <dt>Organisation</dt>
            <dd>{v.visitorOrganisation}</dd>
            <dt>Category</dt>
            <dd>{labelOf(categoryLabel, v.category)}</dd>
            <dt>Reason for visit</dt>
            <dd>{v.purpose}</dd>
            <dt>Here to see</dt>
            <dd>
              {v.hostName}
              {v.hostStaffId ? ' (matched to a member of staff)' : ' (no staff match)'}
            </dd>
            <dt>State</dt>
            <dd>{labelOf(stateLabel, v.state)}</dd>
            <dt>Signed in</dt>
            <dd>{formatDateTime(v.signedInAt, timeZone)}</dd>
            <dt>Signed out</dt>
            <dd>{v.signedOutAt ? formatDateTime(v.signedOutAt, timeZone) : '—'}</dd>
            {v.signOutNote ? (
              <>
                <dt>Staff note on the sign-out</dt>
                <dd>{v.signOutNote}</dd>
              </>
            ) : null}
            <dt>Kiosk language</dt>
            <dd>{v.language}</dd>
            <dt>Copy by email</dt>
            <dd>{v.visitorEmail ?? 'not requested'}</dd>
          </dl>
          <HoldControls siteId={siteId} visitId={visitId} timeZone={timeZone} />
          <h3>Escorts</h3>
          <p>
            Time without a confirmed escort:{' '}
            <strong data-testid="unescorted">{formatSeconds(v.unescortedSeconds)}</strong>
          </p>
          {v.escorts.length === 0 ? <p>No escort has been assigned.</p> : null}
          <ol className="admin-timeline">
            {v.escorts.map((e) => (
              <li key={e.id}>
                <strong>{e.staffName}</strong>: assigned {formatDateTime(e.assignedAt, timeZone)}
                {e.confirmedAt
                  ? `, with the visitor from ${formatDateTime(e.confirmedAt, timeZone)} (${confirmedVia(e.confirmedVia)})`
                  : ', never confirmed'}
                {e.endedAt ? `, until ${formatDateTime(e.endedAt, timeZone)} (${endReason(e.endReason)})` : ''}
              </li>
            ))}
          </ol>
          <h3>Signed form</h3>
          {v.signature ? (
            <div className="admin-signature">
              <p>
                <strong>{v.signature.documentTitle}</strong>, version {v.signature.documentVersion} (
                {v.signature.documentLanguage})
              </p>
              <p className="admin-hash">
                SHA-256 <code data-testid="form-sha256">{v.signature.documentSha256}</code>
              </p>
              <img
                src={v.signature.imageDataUrl}
                alt={`Signature of ${v.signature.typedName}`}
                className="admin-signature__image"
              />
              <p>
                Typed name: {v.signature.typedName} · signed {formatDateTime(v.signature.signedAt, timeZone)}
              </p>
              <Button variant="secondary" onClick={() => pdf.mutate({ siteId, visitId })} disabled={pdf.isPending}>
                Download the signed form (PDF)
              </Button>
              {pdf.error ? <p role="alert">{pdf.error.message}</p> : null}
            </div>
          ) : (
            <p className="admin-warning">No signed form is recorded for this visit.</p>
          )}
          <h3>Acknowledgements</h3>
          <ul>
            {v.acknowledgements.map((a) => (
              <li key={a.documentKind}>
                {a.kind === 'no_photography' ? 'No photography accepted' : 'Received'}: {a.documentTitle}, version{' '}
                {a.documentVersion} ({a.documentLanguage}) · {formatDateTime(a.acknowledgedAt, timeZone)} · SHA-256{' '}
                <code>{a.documentSha256.slice(0, 16)}…</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
