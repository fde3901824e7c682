import { describe, expect, it } from 'vitest';
import { formatSince, type TabletHealth, tabletConnection, tabletProblems, tabletsQuietLine } from './tablet-status.ts';

const NOW = new Date('2026-03-10T14:30:00Z');
const TZ = 'Europe/London';
const at = (iso: string) => new Date(iso);
const tablet = (over: Partial<TabletHealth>): TabletHealth => ({
  id: crypto.randomUUID(),
  name: 'Front desk',
  heartbeatAt: at('2026-03-10T14:29:45Z'),
  queuedCount: 0,
  queuedSince: null,
  state: 'online',
  ...over,
});
const clock = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', timeZone: TZ });

describe('the board’s tablet status', () => {
  it('is one quiet line when every tablet is online with nothing held', () => {
    const tablets = [tablet({}), tablet({ name: 'Garden gate' })];
    expect(tabletProblems(tablets, NOW, TZ)).toEqual([]);
    expect(tabletsQuietLine(tablets, [])).toBe(
      'Tablets: Front desk and Garden gate are online with nothing waiting to be sent.',
    );
    expect(tabletsQuietLine([], [])).toBe('Tablets: none paired at this site.');
  });

  it('says since when a tablet is offline, in the site’s time zone, and what to do', () => {
    const [problem, ...more] = tabletProblems(
      [tablet({ state: 'offline', heartbeatAt: at('2026-03-10T14:02:00Z') })],
      NOW,
      TZ,
    );
    expect(more).toEqual([]);
    expect(problem?.title).toBe(`Front desk: offline since ${clock('2026-03-10T14:02:00Z')}`);
    expect(problem?.detail).toContain('the list below may be missing people');
    expect(problem?.action).toContain('Wi-Fi');
    expect(problem?.action).toContain('at reception');
  });

  it('counts what a tablet holds unsent and names the oldest, offline or not', () => {
    const holding = tablet({ queuedCount: 3, queuedSince: at('2026-03-10T14:05:00Z') });
    const both = tablet({
      name: 'Garden gate',
      state: 'offline',
      heartbeatAt: at('2026-03-10T14:02:00Z'),
      queuedCount: 1,
      queuedSince: at('2026-03-10T14:01:00Z'),
    });
    const [first, second] = tabletProblems([holding, both], NOW, TZ);
    expect(first?.title).toBe(
      `Front desk: holding 3 sign-ins or sign-outs it could not send yet, the oldest from ${clock('2026-03-10T14:05:00Z')}`,
    );
    expect(first?.detail).toBe(
      'They will arrive when its connection is back; until then the list below may be missing people.',
    );
    expect(second?.title).toMatch(
      /^Garden gate: offline since .+, holding 1 sign-in or sign-out it could not send yet/,
    );
    // The other tablets, if any, still get their quiet line.
    expect(
      tabletsQuietLine(
        [holding, both, tablet({ name: 'Side door' })],
        [first, second].flatMap((p) => (p ? [p] : [])),
      ),
    ).toBe('Other tablets: Side door is online with nothing waiting to be sent.');
  });

  it('leaves a tablet that never reported to the quiet line, and dates a time that was not today', () => {
    const fresh = tablet({ name: 'Spare', state: 'never', heartbeatAt: null });
    expect(tabletProblems([fresh], NOW, TZ)).toEqual([]);
    expect(tabletsQuietLine([fresh], [])).toBe(
      'Tablets: Spare has not reported since pairing (if in use, reload its kiosk page).',
    );
    // Just after midnight in London is still "yesterday" in New York: the date is shown there.
    const lateNight = at('2026-03-10T00:30:00Z');
    expect(formatSince(lateNight, NOW, 'Europe/London')).toBe(clock('2026-03-10T00:30:00Z'));
    expect(formatSince(lateNight, NOW, 'America/New_York')).not.toBe(
      lateNight.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', timeZone: 'America/New_York' }),
    );
  });
});

describe('a tablet’s connection on the Kiosks page', () => {
  it('says online, offline or not reported, and what it holds, flagging what needs a look', () => {
    expect(tabletConnection(tablet({}), NOW, TZ)).toEqual({
      text: `Online (last report ${clock('2026-03-10T14:29:45Z')})`,
      warn: false,
    });
    expect(tabletConnection(tablet({ state: 'offline', heartbeatAt: at('2026-03-10T14:02:00Z') }), NOW, TZ)).toEqual({
      text: `Offline since ${clock('2026-03-10T14:02:00Z')}`,
      warn: true,
    });
    expect(tabletConnection(tablet({ state: 'never', heartbeatAt: null }), NOW, TZ)).toEqual({
      text: 'Not reported yet',
      warn: false,
    });
    expect(
      tabletConnection(tablet({ queuedCount: 2, queuedSince: at('2026-03-10T14:05:00Z') }), NOW, TZ),
    ).toMatchObject({ text: expect.stringContaining('holding 2 sign-ins or sign-outs not sent yet'), warn: true });
  });
});
