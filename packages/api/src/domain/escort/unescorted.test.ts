import { describe, expect, it } from 'vitest';
import { unescortedSeconds } from './unescorted.ts';

const T0 = new Date('2031-05-06T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const visit30 = { signedInAt: T0, signedOutAt: at(30) };
// Far later than any visit here: a signed-out visit must not use it.
const later = at(24 * 60);

describe('unescortedSeconds', () => {
  it('counts the whole visit when it had no assignment', () => {
    expect(unescortedSeconds(visit30, [], later)).toBe(30 * 60);
  });

  it('subtracts a confirmed span: confirmed from minute 10 to 20 of a 30-minute visit leaves 20 minutes', () => {
    expect(unescortedSeconds(visit30, [{ confirmedAt: at(10), endedAt: at(20) }], later)).toBe(20 * 60);
  });

  it('counts overlapping confirmed spans once', () => {
    const spans = [
      { confirmedAt: at(5), endedAt: at(15) },
      { confirmedAt: at(10), endedAt: at(20) },
      // Contained entirely in the first two.
      { confirmedAt: at(6), endedAt: at(19) },
    ];
    // Escorted from 5 to 20: 15 of 30 minutes unescorted.
    expect(unescortedSeconds(visit30, spans, later)).toBe(15 * 60);
    // The order the spans come in does not matter.
    expect(unescortedSeconds(visit30, [...spans].reverse(), later)).toBe(15 * 60);
  });

  it('leaves no gap at a handover: A ends at t and B is confirmed at t', () => {
    const spans = [
      { confirmedAt: at(0), endedAt: at(12) },
      { confirmedAt: at(12), endedAt: null },
    ];
    expect(unescortedSeconds(visit30, spans, later)).toBe(0);
  });

  it('counts an unconfirmed assignment as unescorted', () => {
    expect(unescortedSeconds(visit30, [{ confirmedAt: null, endedAt: at(25) }], later)).toBe(30 * 60);
    expect(unescortedSeconds(visit30, [{ confirmedAt: null, endedAt: null }], later)).toBe(30 * 60);
  });

  it('measures an open visit up to now, and an open confirmed span up to now too', () => {
    const open = { signedInAt: T0, signedOutAt: null };
    expect(unescortedSeconds(open, [], at(7))).toBe(7 * 60);
    expect(unescortedSeconds(open, [{ confirmedAt: at(3), endedAt: null }], at(7))).toBe(3 * 60);
    // Time moves on: the same open visit with nobody confirmed has been unescorted longer.
    expect(unescortedSeconds(open, [{ confirmedAt: null, endedAt: null }], at(45))).toBe(45 * 60);
  });

  it('ends a still-open span at sign-out, not at now', () => {
    expect(unescortedSeconds(visit30, [{ confirmedAt: at(10), endedAt: null }], later)).toBe(10 * 60);
  });

  it('clips spans that reach outside the visit', () => {
    const spans = [{ confirmedAt: new Date(T0.getTime() - 60_000), endedAt: at(40) }];
    expect(unescortedSeconds(visit30, spans, later)).toBe(0);
  });

  it('is 0 for a visit with no time on site', () => {
    expect(unescortedSeconds({ signedInAt: T0, signedOutAt: T0 }, [], later)).toBe(0);
    expect(unescortedSeconds({ signedInAt: T0, signedOutAt: null }, [], T0)).toBe(0);
  });
});
