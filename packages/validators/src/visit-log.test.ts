import { describe, expect, it } from 'vitest';
import { visitLogCursor } from './visit-log.ts';

describe('visitLogCursor', () => {
  const id = '00000000-0000-4000-8000-000000000000';
  it('accepts a position in microseconds since 1970', () => {
    expect(visitLogCursor.parse({ at: '1764806400000000', id })).toEqual({ at: '1764806400000000', id });
  });
  it.each(['9999999999999999999', '-1', '1.5', ''])('refuses %j, which the database could not compare', (at) => {
    expect(visitLogCursor.safeParse({ at, id }).success).toBe(false);
  });
});
