import { describe, expect, it } from 'vitest';
import { siteLocalToInstant } from './site-time.ts';

describe('siteLocalToInstant', () => {
  it('reads a datetime-local value as the site’s clock, summer time included', () => {
    expect(siteLocalToInstant('2030-01-15T17:30', 'Europe/London')?.toISOString()).toBe('2030-01-15T17:30:00.000Z');
    expect(siteLocalToInstant('2030-07-15T17:30', 'Europe/London')?.toISOString()).toBe('2030-07-15T16:30:00.000Z');
    expect(siteLocalToInstant('2030-01-15T17:30', 'Asia/Tokyo')?.toISOString()).toBe('2030-01-15T08:30:00.000Z');
    expect(siteLocalToInstant('2030-01-15T17:30', 'America/New_York')?.toISOString()).toBe('2030-01-15T22:30:00.000Z');
  });

  it('gives nothing for an empty or half-typed value', () => {
    expect(siteLocalToInstant('', 'Europe/London')).toBeNull();
    expect(siteLocalToInstant('2030-01-15', 'Europe/London')).toBeNull();
  });
});
