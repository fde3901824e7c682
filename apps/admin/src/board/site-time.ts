/** The wall-clock reading of `at` in `timeZone`, as if it were UTC (so the zone's offset can be measured). */
function wallClockAsUtc(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
}

/**
 * The instant a `YYYY-MM-DDTHH:MM` reading (a datetime-local field) means at the site: the desk may sit in another
 * zone than its browser's, and the board shows every time in the site's zone. Null when the reading is incomplete.
 */
export function siteLocalToInstant(value: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number);
  const wanted = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
  // Two passes settle the offset even when the first guess lands across a summer-time change.
  let guess = wanted;
  for (let i = 0; i < 2; i++) guess = wanted - (wallClockAsUtc(guess, timeZone) - guess);
  return new Date(guess);
}
