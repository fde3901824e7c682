import { describe, expect, it } from 'vitest';
import { instantOfWallClock, wallClockAsUtc } from './zoned-time.ts';

const wall = (iso: string) => Date.parse(`${iso}Z`);

describe('wall-clock time in a time zone', () => {
  it('reads an instant as the zone’s clock shows it', () => {
    expect(new Date(wallClockAsUtc(new Date('2031-07-01T12:00:00Z'), 'Europe/London')).toISOString()).toBe(
      '2031-07-01T13:00:00.000Z',
    );
    expect(new Date(wallClockAsUtc(Date.parse('2031-01-01T00:30:00Z'), 'Asia/Phnom_Penh')).toISOString()).toBe(
      '2031-01-01T07:30:00.000Z',
    );
  });

  it('finds the instant a wall-clock time means, on both sides of a summer-time change', () => {
    expect(instantOfWallClock(wall('2031-01-15T20:00:00'), 'Europe/London').toISOString()).toBe(
      '2031-01-15T20:00:00.000Z',
    );
    expect(instantOfWallClock(wall('2031-07-15T20:00:00'), 'Europe/London').toISOString()).toBe(
      '2031-07-15T19:00:00.000Z',
    );
    // 30 March 2031, 01:30 does not exist in London (clocks go from 01:00 to 02:00): it is read an hour on, 02:30 BST.
    expect(instantOfWallClock(wall('2031-03-30T01:30:00'), 'Europe/London').toISOString()).toBe(
      '2031-03-30T01:30:00.000Z',
    );
    // 26 October 2031, 01:30 happens twice: the later reading.
    expect(instantOfWallClock(wall('2031-10-26T01:30:00'), 'Europe/London').toISOString()).toBe(
      '2031-10-26T01:30:00.000Z',
    );
  });
});
