import { instantOfWallClock } from '@threshold/validators';

/**
 * The instant a `YYYY-MM-DDTHH:MM` reading (a datetime-local field) means at the site: the desk may sit in another
 * zone than its browser's, and the board shows every time in the site's zone. Null when the reading is incomplete.
 */
export function siteLocalToInstant(value: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number);
  return instantOfWallClock(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0), timeZone);
}
