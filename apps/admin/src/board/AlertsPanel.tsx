import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api.ts';
import { useNow } from '../time.ts';
import { AlertGroupPanel } from './AlertGroupPanel.tsx';
import { groupAlerts } from './alert-groups.ts';
import './alerts.css';

/**
 * Open alerts: impossible to miss, each saying what to do, closed only with a note. Grouped by kind so a busy day's
 * thirty alerts stay on one screen: the most urgent group first, each folded to a line with its count and oldest age.
 */
export function AlertsPanel({ siteId, timeZone }: { siteId: string; timeZone: string }) {
  const trpc = useTRPC();
  const now = useNow();
  const alerts = useQuery(trpc.alerts.open.queryOptions({ siteId }, { refetchInterval: 60_000 }));
  if (!alerts.data || alerts.data.length === 0) return null;
  return (
    <section className="admin-alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">
        {alerts.data.length === 1 ? '1 alert needs action' : `${alerts.data.length} alerts need action`}
      </h2>
      {groupAlerts(alerts.data).map((group) => (
        <AlertGroupPanel key={group.kind} siteId={siteId} group={group} timeZone={timeZone} now={now} />
      ))}
    </section>
  );
}
