import { z } from 'zod';

// PostgreSQL's timestamptz ends in 294276 AD and has no year 0, while JavaScript's dates reach ±275760: a date the
// database cannot store must be refused here with a field error, not fail the insert with a 500.
const earliest = new Date('2000-01-01T00:00:00Z');
const latest = new Date('2200-01-01T00:00:00Z');

/** A moment a client reports (`what`: "sign-in time", say): a real date between 2000 and 2200. */
export function clientTime(what: string) {
  const outOfRange = `The ${what} must lie between 2000 and 2200; check the tablet's clock`;
  return z
    .date({ error: `Missing ${what}` })
    .min(earliest, { error: outOfRange })
    .max(latest, { error: outOfRange });
}

/** A calendar day as YYYY-MM-DD, from 1900 to 2200 (an ISO date may say 0000, which PostgreSQL refuses). */
export function isoDay(error: string) {
  return (
    z.iso
      .date({ error })
      // Only a well-formed day is judged: a malformed one already has its own message.
      .refine((day) => !/^\d{4}-\d{2}-\d{2}$/.test(day) || (day >= '1900-01-01' && day < '2200-01-01'), {
        error: `${error} (between 1900 and 2200)`,
      })
  );
}
