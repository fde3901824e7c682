import { type DbOrTx, listDisplayBoardVisits } from '@threshold/db';
import { type DisplayBoardState, displayBoardStates, minuteToTime, shortName } from '@threshold/validators';

/** A paired, unrevoked board display as its requests see it (`ctx.display`). */
export interface BoardDisplayDevice {
  id: string;
  name: string;
  siteId: string;
  organisationId: string;
  namesFromMinute: number;
  namesUntilMinute: number;
  timezone: string;
}

/** Why the screen shows counts only: names are on, reception hid them, or the site is outside its hours. */
export type NamesShown = 'shown' | 'hidden' | 'outside_hours';

/** Everything a room's screen may know: short names, state and time of sign-in, and counts. */
export interface DisplayBoard {
  kind: 'board';
  displayName: string;
  names: NamesShown;
  namesFrom: string;
  namesUntil: string;
  counts: Record<DisplayBoardState, number>;
  people: { name: string; state: DisplayBoardState; since: Date }[];
  at: Date;
}

export type DisplayMessage = DisplayBoard | { kind: 'revoked' };

/** Minutes since midnight at `now` in the site's time zone. */
export function minuteOfDay(now: Date, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: 'hour' | 'minute') => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

export function namesShown(display: BoardDisplayDevice, now: Date, wanted: boolean): NamesShown {
  if (!wanted) return 'hidden';
  const minute = minuteOfDay(now, display.timezone);
  return minute >= display.namesFromMinute && minute < display.namesUntilMinute ? 'shown' : 'outside_hours';
}

const isBoardState = (state: string): state is DisplayBoardState =>
  (displayBoardStates as readonly string[]).includes(state);

/**
 * The board as the display may see it. Full names never leave this function: each is shortened to a first name and
 * an initial, and when names are not shown the people list is empty (the counts remain).
 */
export async function readDisplayBoard(
  db: DbOrTx,
  display: BoardDisplayDevice,
  params: { wantNames: boolean; now: Date },
): Promise<DisplayBoard> {
  const rows = await listDisplayBoardVisits(db, { siteId: display.siteId });
  const counts = { awaiting_escort: 0, escorted: 0, handover_pending: 0 };
  const people: DisplayBoard['people'] = [];
  const names = namesShown(display, params.now, params.wantNames);
  for (const row of rows) {
    if (!isBoardState(row.state)) continue;
    counts[row.state] += 1;
    if (names === 'shown') people.push({ name: shortName(row.visitorName), state: row.state, since: row.signedInAt });
  }
  return {
    kind: 'board',
    displayName: display.name,
    names,
    namesFrom: minuteToTime(display.namesFromMinute),
    namesUntil: minuteToTime(display.namesUntilMinute),
    counts,
    people,
    at: params.now,
  };
}
