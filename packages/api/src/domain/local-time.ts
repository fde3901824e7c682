/** The wall-clock reading of `at` in `timeZone`, as if it were UTC (so offsets can be measured). */
function wallClockAsUtc(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  const part = (name: string) => parts[name] ?? 0;
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
}

/** The instant the clock in `timeZone` reads `hh:mm` on the local day of `day` (later reading on a DST repeat). */
function localInstant(day: Date, hhmm: string, timeZone: string): Date {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  const local = new Date(wallClockAsUtc(day, timeZone));
  const wanted = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hours, minutes);
  // Two passes settle the offset even when the guess lands on the other side of a DST change.
  let guess = wanted;
  for (let i = 0; i < 2; i++) guess = wanted - (wallClockAsUtc(new Date(guess), timeZone) - guess);
  return new Date(guess);
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
