import {
  type Db,
  type Loop,
  listSiteClosingTimes,
  lockVisitsOpenBefore,
  setVisitState,
  startLoop,
} from '@threshold/db';
import { visitState } from '@threshold/validators';
import { writeAudit } from './audit.ts';
import { signalVisitChange } from './escort/context.ts';
import { transition } from './visit-state.ts';

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

/** The most recent closing time at or before `now` at a site (today's if it has passed, else yesterday's). */
export function lastClosingBefore(now: Date, closingTime: string, timeZone: string): Date {
  const today = localInstant(now, closingTime, timeZone);
  if (today <= now) return today;
  return localInstant(new Date(now.getTime() - 24 * 3600 * 1000), closingTime, timeZone);
}

/**
 * At each site's closing time, visits still open become "departure unconfirmed": nobody saw them leave, so nobody
 * signs them out on a guess. Runs every minute and on start; a visit signed in before the last closing time and still
 * open is changed once (a changed visit no longer matches), so a late or repeated run is harmless.
 */
export async function markDeparturesUnconfirmed(
  db: Db,
  params: { now: Date; siteIds?: string[] },
): Promise<{ visitIds: string[] }> {
  const visitIds: string[] = [];
  const sites = await listSiteClosingTimes(db, params.siteIds ? { siteIds: params.siteIds } : {});
  for (const s of sites) {
    const closingAt = lastClosingBefore(params.now, s.closingTime, s.timezone);
    const changed = await db.transaction(async (tx) => {
      const open = await lockVisitsOpenBefore(tx, { siteId: s.id, before: closingAt });
      for (const v of open) {
        await setVisitState(tx, { visitId: v.id, state: transition(visitState.parse(v.state), 'day_end') });
        await writeAudit(
          tx,
          { type: 'system', id: null },
          { organisationId: v.organisationId, siteId: v.siteId, visitId: v.id },
          { type: 'visit.departure_unconfirmed', data: { closingAt: closingAt.toISOString() } },
        );
        await signalVisitChange(tx, v, []);
      }
      return open.map((v) => v.id);
    });
    visitIds.push(...changed);
  }
  return { visitIds };
}

/**
 * Runs the closing-time sweep once a minute (and at start, so a server down at closing time catches up). Several
 * server processes may each run it: the row locks and the state check make a visit change once.
 */
export function startClosingTimeSweep(options: {
  db: Db;
  onError: (where: string, err: unknown) => void;
  afterEach?: () => void;
  intervalMs?: number;
}): Loop {
  return startLoop({
    name: 'closing time',
    intervalMs: options.intervalMs ?? 60_000,
    log: options.onError,
    run: async () => {
      const { visitIds } = await markDeparturesUnconfirmed(options.db, { now: new Date() });
      if (visitIds.length > 0) options.afterEach?.();
      return false;
    },
  });
}
