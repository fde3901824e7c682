import { describe, expect, it } from 'vitest';
import { badgeDate, khmerNumber } from './badge-date.ts';

describe('badgeDate', () => {
  it('writes English as before: month name, day, year', () => {
    expect(badgeDate(new Date(2026, 11, 4, 9, 30), 'en')).toBe('December 4, 2026');
    expect(badgeDate(new Date(2027, 0, 31, 23, 59), 'en')).toBe('January 31, 2027');
  });

  it('writes Khmer with Khmer month names and Khmer digits', () => {
    expect(badgeDate(new Date(2026, 11, 4, 9, 30), 'km')).toBe('ថ្ងៃទី៤ ខែធ្នូ ឆ្នាំ២០២៦');
    expect(badgeDate(new Date(2027, 0, 31), 'km')).toBe('ថ្ងៃទី៣១ ខែមករា ឆ្នាំ២០២៧');
    expect(badgeDate(new Date(2026, 5, 15), 'km')).toBe('ថ្ងៃទី១៥ ខែមិថុនា ឆ្នាំ២០២៦');
  });

  it('has twelve different Khmer months, one for each month of the year', () => {
    const months = Array.from({ length: 12 }, (_, m) => badgeDate(new Date(2026, m, 1), 'km'));
    expect(new Set(months).size).toBe(12);
    expect(months.every((d) => /^ថ្ងៃទី១ ខែ\S+ ឆ្នាំ២០២៦$/.test(d))).toBe(true);
  });

  it('falls back to English for a language without its own table', () => {
    expect(badgeDate(new Date(2026, 2, 8), 'fr')).toBe('March 8, 2026');
  });

  it('writes every digit in Khmer', () => {
    expect(khmerNumber(1234567890)).toBe('១២៣៤៥៦៧៨៩០');
  });
});
