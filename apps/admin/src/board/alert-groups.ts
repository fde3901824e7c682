import type { AlertKind } from '@threshold/validators';

/**
 * How urgent each kind of alert is (lower first): a visitor with nobody beside them comes before a visit running
 * long, and a change of who can read records (no visitor at risk) comes last.
 */
const urgency: Record<AlertKind, number> = {
  safeguarding_concern: 0,
  screening: 0,
  screening_refused: 0,
  unescorted: 0,
  escort_off_duty: 0,
  escort_deactivated: 0,
  overrun: 1,
  visit_access_granted: 2,
};
const UNKNOWN_KIND = 3;

export interface AlertGroup<A> {
  kind: string;
  /** Oldest first. */
  alerts: A[];
  oldest: Date;
}

const rankOf = (kind: string) => (urgency as Record<string, number>)[kind] ?? UNKNOWN_KIND;

/** Alerts grouped by kind, oldest first within a group; groups by urgency, then by their oldest alert. */
export function groupAlerts<A extends { kind: string; raisedAt: Date }>(alerts: readonly A[]): AlertGroup<A>[] {
  const byKind = new Map<string, A[]>();
  for (const a of alerts) byKind.set(a.kind, [...(byKind.get(a.kind) ?? []), a]);
  const groups = [...byKind].map(([kind, list]) => {
    const sorted = list.toSorted((x, y) => x.raisedAt.getTime() - y.raisedAt.getTime());
    return { kind, alerts: sorted, oldest: sorted[0]?.raisedAt ?? new Date(0) };
  });
  return groups.sort((x, y) => rankOf(x.kind) - rankOf(y.kind) || x.oldest.getTime() - y.oldest.getTime());
}

/** A group this small is shown open; a larger one starts folded to its summary line, so the board stays one screen. */
export const OPEN_UP_TO = 3;

/** "3 alerts, oldest 25 min" — what a folded group says of itself. */
export function groupSummary(count: number, oldestAge: string): string {
  return `${count === 1 ? '1 alert' : `${count} alerts`}, ${count === 1 ? 'raised' : 'oldest'} ${oldestAge === 'just now' ? 'just now' : `${oldestAge} ago`}`;
}
