import { useQuery } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useTRPC } from '../api.ts';
import { type AuditAddressFilters, AuditTrail } from './AuditTrail.tsx';

interface Props extends AuditAddressFilters {
  siteId: string;
  timeZone: string;
  canOpenVisit: boolean;
}

/**
 * The site's audit trail to browse, and "is it intact?" — recomputing the organisation's hash chain on demand.
 */
export function AuditPage({ siteId, ...trail }: Props) {
  const trpc = useTRPC();
  const verify = useQuery(trpc.audit.verify.queryOptions({ siteId }, { enabled: false, gcTime: 0 }));
  const report = verify.data;
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit trail</h1>
      <p className="admin-note">
        Every change is recorded in an append-only trail. Each entry is sealed with the SHA-256 of the one before it, so
        an edited, deleted or reordered entry breaks the chain.
      </p>
      <Button onClick={() => void verify.refetch()} disabled={verify.isFetching}>
        {verify.isFetching ? 'Verifying…' : 'Verify the audit trail'}
      </Button>
      {verify.isError ? <p role="alert">{verify.error.message}</p> : null}
      {report ? (
        report.intact ? (
          <>
            <p role="status" className="admin-ok">
              Intact: {report.sealed} entries sealed, {report.awaitingSeal} awaiting sealing.
            </p>
            {report.head ? (
              <p className="admin-note">
                Latest sealed entry: {report.head.seq}, hash <code>{report.head.hash}</code>. Entries cut from the end
                of the trail leave a valid, shorter chain: the server logs this head as it seals, and{' '}
                <code>npm run threshold -- audit verify --head …</code> checks the trail still reaches one noted
                earlier.
              </p>
            ) : null}
          </>
        ) : (
          <p role="alert" className="admin-warning">
            Broken at {report.firstBrokenId === null ? 'its end' : `entry ${report.firstBrokenId}`}: {report.reason}.
            Tell your data protection lead now.
          </p>
        )
      ) : null}
      {/* A new visit or person in the address starts again from the newest entries. */}
      <AuditTrail key={`${trail.visitId}/${trail.actorStaffId}`} siteId={siteId} {...trail} />
    </section>
  );
}
