import { describe, expect, it } from 'vitest';
import { addDays, localDate, reviewStatus } from './document-review.ts';

describe('review-by dates', () => {
  it('reads the calendar date in the site’s own time zone', () => {
    const now = new Date('2031-12-31T23:30:00Z');
    expect(localDate(now, 'Europe/London')).toBe('2031-12-31');
    expect(localDate(now, 'Asia/Phnom_Penh')).toBe('2032-01-01');
    expect(localDate(now, 'America/Los_Angeles')).toBe('2031-12-31');
    // A zone this runtime does not know falls back to UTC rather than failing the dashboard.
    expect(localDate(now, 'Mars/Olympus_Mons')).toBe('2031-12-31');
  });

  it('counts days across month, year and leap-day boundaries', () => {
    expect(addDays('2031-12-15', 30)).toBe('2032-01-14');
    expect(addDays('2032-02-28', 1)).toBe('2032-02-29');
    expect(addDays('2031-02-28', 1)).toBe('2031-03-01');
  });

  it('is overdue the day after its date, due soon from 30 days before, current otherwise', () => {
    const today = '2031-06-30';
    expect(reviewStatus('2031-06-29', today)).toBe('overdue');
    expect(reviewStatus('2031-06-30', today)).toBe('due_soon');
    expect(reviewStatus('2031-07-30', today)).toBe('due_soon');
    expect(reviewStatus('2031-07-31', today)).toBe('current');
    expect(reviewStatus(null, today)).toBe('current');
  });
});
