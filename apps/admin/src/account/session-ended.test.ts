import { describe, expect, it } from 'vitest';
import { endedNotices, endingOf } from './session-ended.ts';

const at = (iso: string) => new Date(iso);
const known = { expiresAt: at('2026-12-05T10:15:00Z') };

describe('endingOf', () => {
  it('takes the server’s reason when it gives one', () => {
    expect(endingOf('absolute', known, at('2026-12-05T10:00:00Z'))).toBe('absolute');
    expect(endingOf('deactivated', null, at('2026-12-05T10:00:00Z'))).toBe('deactivated');
  });

  it('calls a session gone at or after its idle expiry the idle timeout', () => {
    expect(endingOf(undefined, known, at('2026-12-05T10:15:01Z'))).toBe('idle');
    // A few seconds of clock difference still count as reached.
    expect(endingOf(undefined, known, at('2026-12-05T10:14:57Z'))).toBe('idle');
  });

  it('calls a session gone well before its expiry signed out elsewhere', () => {
    expect(endingOf(undefined, known, at('2026-12-05T10:05:00Z'))).toBe('revoked');
  });

  it('says only that it ended when this page never knew the session', () => {
    expect(endingOf(undefined, null, at('2026-12-05T10:05:00Z'))).toBe('unknown');
  });

  it('has a plain notice for each, saying what to do next', () => {
    expect(endedNotices.idle).toBe('You were signed out after 15 minutes without activity. Sign in again to carry on.');
    for (const text of Object.values(endedNotices)) expect(text).toMatch(/(Sign in again to carry on|ask an admin)\.$/);
  });
});
