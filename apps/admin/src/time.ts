import { useEffect, useState } from 'react';

/** The current time, refreshed every `ms`, so durations on the board stay true without refetching. */
export function useNow(ms = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export function formatDuration(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

/** A time of day in the site's own time zone, whatever the viewer's computer is set to. */
export function formatClock(date: Date, timeZone?: string): string {
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', timeZone });
}

export function formatDateTime(date: Date, timeZone?: string): string {
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone });
}

/**
 * A calendar date (YYYY-MM-DD, as review-by and training dates are kept, already the site's own day) for people:
 * "Dec 4, 2026". Read at midnight UTC and shown in UTC, so no viewer's time zone can move it to the day before.
 */
export function formatDay(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
}
