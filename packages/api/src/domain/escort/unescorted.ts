export interface AssignmentSpan {
  confirmedAt: Date | null;
  endedAt: Date | null;
}

/**
 * Seconds a visitor spent on site without a confirmed escort: the visit's time on site minus the union of the
 * confirmed spans of its assignments (a handover leaves no gap: the new escort confirms as the old one ends).
 */
export function unescortedSeconds(
  visit: { signedInAt: Date; signedOutAt: Date | null },
  assignments: AssignmentSpan[],
  now: Date,
): number {
  const end = (visit.signedOutAt ?? now).getTime();
  const start = visit.signedInAt.getTime();
  if (end <= start) return 0;
  const spans = assignments
    .filter((a): a is AssignmentSpan & { confirmedAt: Date } => a.confirmedAt !== null)
    .map(
      (a) =>
        [
          Math.max(a.confirmedAt.getTime(), start),
          Math.min((a.endedAt ?? visit.signedOutAt ?? now).getTime(), end),
        ] as const,
    )
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = start;
  for (const [from, to] of spans) {
    if (to <= reach) continue;
    covered += to - Math.max(from, reach);
    reach = to;
  }
  return Math.round((end - start - covered) / 1000);
}
