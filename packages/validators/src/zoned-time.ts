/**
 * Wall-clock time in a site's time zone, for the server (closing time, purge time) and the desk (a departure time
 * typed in the site's zone): one implementation, so both read summer-time changes the same way.
 */

/** The wall-clock reading of `at` in `timeZone`, as if it were UTC (so the zone's offset can be measured). */
export function wallClockAsUtc(at: Date | number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
}

/**
 * The instant the clock in `timeZone` reads `wall` (a wall-clock time written as UTC milliseconds). On a summer-time
 * repeat it is the later reading; a time the change skips is read an hour on (01:30 → 02:30).
 */
export function instantOfWallClock(wall: number, timeZone: string): Date {
  // Two passes settle the offset even when the first guess lands across a summer-time change.
  let guess = wall;
  for (let i = 0; i < 2; i++) guess = wall - (wallClockAsUtc(guess, timeZone) - guess);
  return new Date(guess);
}
