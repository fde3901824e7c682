import { describe, expect, it } from 'vitest';
import { monthsBefore } from './dates.ts';

describe('monthsBefore', () => {
  it('keeps the day of the month when it exists', () => {
    expect(monthsBefore(new Date('2031-08-15T10:00:00Z'), 6).toISOString()).toBe('2031-02-15T10:00:00.000Z');
  });

  it('clamps to the last day of a shorter month instead of rolling into the next one', () => {
    expect(monthsBefore(new Date('2031-08-31T10:00:00Z'), 6).toISOString()).toBe('2031-02-28T10:00:00.000Z');
    expect(monthsBefore(new Date('2032-08-31T10:00:00Z'), 6).toISOString()).toBe('2032-02-29T10:00:00.000Z');
  });

  it('crosses years', () => {
    expect(monthsBefore(new Date('2031-03-31T00:00:00Z'), 12).toISOString()).toBe('2030-03-31T00:00:00.000Z');
    expect(monthsBefore(new Date('2031-01-10T00:00:00Z'), 3).toISOString()).toBe('2030-10-10T00:00:00.000Z');
  });
});
