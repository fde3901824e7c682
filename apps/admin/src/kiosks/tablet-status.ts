import type { RouterOutputs } from '@threshold/api';
import { formatClock, formatDateTime } from '../time.ts';

/** A tablet as `kiosk.health` reports it: its name and counts, never anyone's name. */
export type TabletHealth = RouterOutputs['kiosk']['health'][number];

export interface TabletProblem {
  id: string;
  /** What is wrong, in one line readable across the room. */
  title: string;
  /** What it means for the list on the board. */
  detail: string;
  /** What to do about it. */
  action: string;
}

const sameDay = (a: Date, b: Date, timeZone: string) =>
  a.toLocaleDateString('en-CA', { timeZone }) === b.toLocaleDateString('en-CA', { timeZone });

/** "14:02", or with the date when it was not today at the site: "offline since 14:02" must not hide three days. */
export function formatSince(date: Date, now: Date, timeZone: string): string {
  return sameDay(date, now, timeZone) ? formatClock(date, timeZone) : formatDateTime(date, timeZone);
}

const records = (n: number) => (n === 1 ? '1 sign-in or sign-out' : `${n} sign-ins or sign-outs`);

const ASK_AT_RECEPTION = 'ask people at reception whether they have signed in or out.';

/**
 * The tablets that need someone to act, each saying what is wrong, what it means for the board, and what to do: one
 * offline (no heartbeat for 90 s), or holding records it could not send. A tablet that has never reported is left to
 * the quiet line: it may simply not be in use yet.
 */
export function tabletProblems(tablets: readonly TabletHealth[], now: Date, timeZone: string): TabletProblem[] {
  return tablets.flatMap((t): TabletProblem[] => {
    const holding = t.queuedCount > 0;
    const oldest = t.queuedSince ? `, the oldest from ${formatSince(t.queuedSince, now, timeZone)}` : '';
    const held = `holding ${records(t.queuedCount)} it could not send yet${oldest}`;
    if (t.state === 'offline' && t.heartbeatAt) {
      const since = `offline since ${formatSince(t.heartbeatAt, now, timeZone)}`;
      return [
        {
          id: t.id,
          title: holding ? `${t.name}: ${since}, ${held}` : `${t.name}: ${since}`,
          detail:
            'Anything entered on it waits there until its connection is back, so the list below may be missing people.',
          action: `Check it is switched on and on the Wi-Fi. Until it is back, ${ASK_AT_RECEPTION}`,
        },
      ];
    }
    if (!holding) return [];
    return [
      {
        id: t.id,
        title: `${t.name}: ${held}`,
        detail: 'They will arrive when its connection is back; until then the list below may be missing people.',
        action: `If this does not clear in a few minutes, check the tablet’s Wi-Fi. Until then, ${ASK_AT_RECEPTION}`,
      },
    ];
  });
}

const list = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** One quiet line about the tablets with nothing to act on; null when there are none besides the problems. */
export function tabletsQuietLine(tablets: readonly TabletHealth[], problems: readonly TabletProblem[]): string | null {
  if (tablets.length === 0) return 'Tablets: none paired at this site.';
  const troubled = new Set(problems.map((p) => p.id));
  const rest = tablets.filter((t) => !troubled.has(t.id));
  const online = rest.filter((t) => t.state === 'online').map((t) => t.name);
  const silent = rest.filter((t) => t.state !== 'online').map((t) => t.name);
  const parts: string[] = [];
  if (online.length > 0) {
    parts.push(`${list(online)} ${online.length === 1 ? 'is' : 'are'} online with nothing waiting to be sent`);
  }
  if (silent.length > 0) {
    const verb = silent.length === 1 ? 'has' : 'have';
    parts.push(`${list(silent)} ${verb} not reported since pairing (if in use, reload its kiosk page)`);
  }
  if (parts.length === 0) return null;
  return `${problems.length > 0 ? 'Other tablets' : 'Tablets'}: ${parts.join('; ')}.`;
}

/** A tablet's connection in a few words, for the admin's list of kiosks; `warn` when someone should look at it. */
export function tabletConnection(t: TabletHealth, now: Date, timeZone: string): { text: string; warn: boolean } {
  const state =
    t.state === 'never' || !t.heartbeatAt
      ? 'Not reported yet'
      : t.state === 'offline'
        ? `Offline since ${formatSince(t.heartbeatAt, now, timeZone)}`
        : `Online (last report ${formatSince(t.heartbeatAt, now, timeZone)})`;
  if (t.queuedCount === 0) return { text: state, warn: t.state === 'offline' };
  const oldest = t.queuedSince ? `, the oldest from ${formatSince(t.queuedSince, now, timeZone)}` : '';
  return { text: `${state}; holding ${records(t.queuedCount)} not sent yet${oldest}`, warn: true };
}
