import { describe, expect, it } from 'vitest';
import { clientTime, isoDay } from './dates.ts';

describe('isoDay', () => {
  const day = isoDay('Enter the date as YYYY-MM-DD');
  it.each(['1900-01-01', '2026-12-04', '2199-12-31'])('accepts %s', (d) => {
    expect(day.parse(d)).toBe(d);
  });
  it.each(['0000-01-01', '1899-12-31', '2200-01-01', '9999-12-31', '2024-02-30', '-271821-04-20', '2026-1-4'])(
    'refuses %s, which PostgreSQL could not store or is no day',
    (d) => {
      expect(day.safeParse(d).success).toBe(false);
    },
  );
});

describe('clientTime', () => {
  const time = clientTime('sign-in time');
  it('accepts a real moment and refuses invalid and far-off dates in plain words', () => {
    expect(time.safeParse(new Date('2026-12-04T10:00:00Z')).success).toBe(true);
    for (const d of [new Date(Number.NaN), new Date(8.64e15), new Date(-8.64e15), new Date('1999-12-31T23:59:59Z')]) {
      const issues = time.safeParse(d).error?.issues.map((i) => i.message) ?? [];
      expect(issues.length).toBe(1);
      expect(issues[0]).toMatch(/sign-in time/);
    }
  });
});
