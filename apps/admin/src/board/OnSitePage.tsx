import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api.ts';
import { TabletStatus } from '../kiosks/TabletStatus.tsx';
import { alertLabel, categoryLabel, labelOf, stateLabel } from '../labels.ts';
import { type LiveStatus, useLiveSite } from '../live.ts';
import { RaiseConcern } from '../safeguarding/RaiseConcernForm.tsx';
import { formatClock, formatDuration, useNow } from '../time.ts';
import { VisitDetail } from '../visits/VisitDetail.tsx';
import { AlertsPanel } from './AlertsPanel.tsx';
import { AssignEscort } from './AssignEscort.tsx';
import { DepartureAction } from './RecordDeparture.tsx';

// Live events refresh the list within a second. The slow refetch only covers a stream that died without
// anyone noticing; while the stream is down, polling takes over so a sign-in still shows within seconds.
const FALLBACK_REFRESH_MS = 60_000;
const OFFLINE_REFRESH_MS = 10_000;

const liveText: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live: visitors appear and leave as they sign in and out.',
  reconnecting: `Reconnecting… Until then the list refreshes every ${OFFLINE_REFRESH_MS / 1000} seconds.`,
};

export function OnSitePage(props: {
  siteId: string;
  timeZone: string;
  canOpen: boolean;
  openVisit: string | null;
  onOpenVisit: (visitId: string | null) => void;
}) {
  const { siteId, timeZone, canOpen, openVisit, onOpenVisit: setOpenVisit } = props;
  const trpc = useTRPC();
  const now = useNow();
  const queryClient = useQueryClient();
  const live = useLiveSite(siteId, (message) => {
    // Escort changes move a visit's state. The open visit detail is not refetched: each read of it is audited.
    void queryClient.invalidateQueries({ queryKey: trpc.visits.onSite.queryKey({ siteId }) });
    if (message.type === 'alert')
      void queryClient.invalidateQueries({ queryKey: trpc.alerts.open.queryKey({ siteId }) });
  });
  const visits = useQuery(
    trpc.visits.onSite.queryOptions(
      { siteId },
      { refetchInterval: live === 'live' ? FALLBACK_REFRESH_MS : OFFLINE_REFRESH_MS },
    ),
  );
  return (
    <section aria-labelledby="on-site-title">
      <h1 id="on-site-title">
        On site now{visits.data ? <span className="admin-count"> {visits.data.length}</span> : null}
      </h1>
      <p className={`admin-live admin-live--${live}`} role="status">
        {liveText[live]}
      </p>
      <AlertsPanel siteId={siteId} timeZone={timeZone} />
      <TabletStatus siteId={siteId} timeZone={timeZone} />
      {visits.isError ? <p role="alert">The list could not be refreshed. It will try again in a few seconds.</p> : null}
      {visits.data && visits.data.length === 0 ? (
        <p className="admin-empty">
          Nobody is signed in right now. Visitors appear here as soon as they sign in at the kiosk.
        </p>
      ) : null}
      {visits.data && visits.data.length > 0 ? (
        <div className="admin-table-scroll">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Visitor</th>
                <th scope="col">Organisation</th>
                <th scope="col">Category</th>
                <th scope="col">State</th>
                <th scope="col">Escort</th>
                <th scope="col">Signed in</th>
                <th scope="col">On site for</th>
              </tr>
            </thead>
            <tbody>
              {visits.data.map((v) => (
                <tr key={v.id}>
                  <td>
                    {canOpen ? (
                      <button type="button" className="admin-link" onClick={() => setOpenVisit(v.id)}>
                        <bdi>{v.visitorName}</bdi>
                      </button>
                    ) : (
                      <bdi>{v.visitorName}</bdi>
                    )}
                  </td>
                  <td>{v.visitorOrganisation}</td>
                  <td>{labelOf(categoryLabel, v.category)}</td>
                  <td>
                    <span className={`admin-state admin-state--${v.state}`}>{labelOf(stateLabel, v.state)}</span>
                    {v.openAlerts.map((kind) => (
                      <span key={kind} className="admin-state admin-state--alert">
                        {alertLabel(kind).title}
                      </span>
                    ))}
                  </td>
                  <td>
                    {v.escortName ? (
                      <p className="admin-escort">
                        {v.escortName}
                        {v.escortConfirmedAt ? ' — with the visitor' : ' — not yet confirmed'}
                        {v.handoverToName ? `, handing over to ${v.handoverToName}` : ''}
                      </p>
                    ) : (
                      <p className="admin-escort admin-escort--none">No escort</p>
                    )}
                    <div className="admin-row-actions">
                      {/* Held at sign-in: no escort until a coordinator admits them. */}
                      {v.state === 'screening' ? null : (
                        <AssignEscort siteId={siteId} visitId={v.id} currentStaffId={v.escortStaffId} />
                      )}
                      <DepartureAction
                        siteId={siteId}
                        visitId={v.id}
                        visitorName={v.visitorName}
                        timeZone={timeZone}
                        state={v.state}
                      />
                      <RaiseConcern siteId={siteId} visitId={v.id} visitorName={v.visitorName} />
                    </div>
                  </td>
                  <td>{formatClock(v.signedInAt, timeZone)}</td>
                  <td>{formatDuration(v.signedInAt, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {openVisit ? (
        <VisitDetail siteId={siteId} visitId={openVisit} timeZone={timeZone} onClose={() => setOpenVisit(null)} />
      ) : null}
    </section>
  );
}
