import { instantOfWallClock, wallClockAsUtc } from '@threshold/validators';

/** The instant the clock in `timeZone` reads `hh:mm` on the local day of `day` (later reading on a DST repeat). */
function localInstant(day: Date, hhmm: string, timeZone: string): Date {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  const local = new Date(wallClockAsUtc(day, timeZone));
  return instantOfWallClock(
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hours, minutes),
    timeZone,
  );
}

/**
 * The most recent instant at or before `now` when the clock in `timeZone` read `hh:mm` (today's if it has passed,
 * else yesterday's): a site's last closing time, an organisation's last purge time.
 */
export function lastLocalTimeBefore(now: Date, hhmm: string, timeZone: string): Date {
  const today = localInstant(now, hhmm, timeZone);
  if (today <= now) return today;
  return localInstant(new Date(now.getTime() - 24 * 3600 * 1000), hhmm, timeZone);
}
