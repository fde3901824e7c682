import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api.ts';
import { tabletProblems, tabletsQuietLine } from './tablet-status.ts';
import './tablets.css';

// Heartbeats raise no live event: poll. A tablet counts as offline after 90 s without one, so 15 s is plenty.
const REFRESH_MS = 15_000;

/**
 * The board's word on the kiosk tablets: any offline or holding records it could not send stands out with what to do
 * (the list below may be missing people); otherwise one quiet line. Tablet names and counts only, never people.
 */
export function TabletStatus({ siteId, timeZone }: { siteId: string; timeZone: string }) {
  const trpc = useTRPC();
  const health = useQuery(trpc.kiosk.health.queryOptions({ siteId }, { refetchInterval: REFRESH_MS }));
  if (health.isError && !health.data) {
    return <p className="tablets-quiet">Tablets: their status could not be checked. It will try again shortly.</p>;
  }
  if (!health.data) return null;
  const problems = tabletProblems(health.data, new Date(), timeZone);
  const quiet = tabletsQuietLine(health.data, problems);
  if (problems.length === 0) return <p className="tablets-quiet">{quiet}</p>;
  return (
    <section className="tablets-attention" aria-labelledby="tablets-title">
      <h2 id="tablets-title">
        {problems.length === 1 ? 'A tablet needs attention' : `${problems.length} tablets need attention`}
      </h2>
      <ul>
        {problems.map((p) => (
          <li key={p.id} className="tablets-problem">
            <p className="tablets-problem__title">{p.title}</p>
            <p>{p.detail}</p>
            <p className="tablets-problem__action">{p.action}</p>
          </li>
        ))}
      </ul>
      {quiet ? <p className="tablets-quiet">{quiet}</p> : null}
    </section>
  );
}
