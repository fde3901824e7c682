import { describe, expect, it } from 'vitest';
import {
  capacityNotice,
  classify,
  type Failure,
  mayKeep,
  NEAR_CAP,
  nextToSend,
  QUEUE_CAP,
  type QueuedRecordMeta,
  refusalDelayMs,
  retryDelayMs,
  roomLeft,
} from './rules.ts';

const answered = (status: number, code: string): Failure => ({ status, code, retryAfterMs: null });
const noAnswer: Failure = { status: null, code: null, retryAfterMs: null };

describe('classify', () => {
  it('retries when there was no answer at all (offline, connection reset, timeout)', () => {
    expect(classify('sign-in', noAnswer)).toBe('retry');
    expect(classify('sign-out', noAnswer)).toBe('retry');
  });

  it('retries gateway errors and an unavailable database, whether known by status or by code', () => {
    for (const status of [502, 503, 504]) expect(classify('sign-in', { ...noAnswer, status })).toBe('retry');
    expect(classify('sign-in', answered(503, 'SERVICE_UNAVAILABLE'))).toBe('retry');
    expect(classify('sign-out', { ...noAnswer, code: 'SERVICE_UNAVAILABLE' })).toBe('retry');
  });

  it('retries a 500: the server may have committed, and the same key makes the second try safe', () => {
    expect(classify('sign-in', answered(500, 'INTERNAL_SERVER_ERROR'))).toBe('retry');
  });

  it('keeps the answers a visitor can act on as refusals', () => {
    expect(classify('sign-in', answered(400, 'BAD_REQUEST'))).toBe('refused');
    expect(classify('sign-in', answered(409, 'CONFLICT'))).toBe('refused');
    expect(classify('sign-in', answered(412, 'PRECONDITION_FAILED'))).toBe('refused');
    expect(classify('sign-in', answered(403, 'FORBIDDEN'))).toBe('refused');
  });

  it('tells a sign-out with a code that matches no one apart; a sign-in NOT_FOUND stays a refusal', () => {
    expect(classify('sign-out', answered(404, 'NOT_FOUND'))).toBe('unknown-code');
    expect(classify('sign-in', answered(404, 'NOT_FOUND'))).toBe('refused');
  });

  it('treats "too many requests" as a reason to wait, not to give up', () => {
    expect(classify('sign-out', answered(429, 'TOO_MANY_REQUESTS'))).toBe('rate-limited');
  });
});

describe('retryDelayMs', () => {
  it('doubles from half a second up to 4 s while a visitor waits, so a blip is bridged inside the submit budget', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, { visitorWaiting: true }));
    expect(delays).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect(delays.slice(0, 3).reduce((a, b) => a + b, 0)).toBeLessThan(8000);
  });

  it('grows to half a minute in the background, spread by jitter of at most a fifth', () => {
    expect(retryDelayMs(1, { visitorWaiting: false, jitter: 0 })).toBe(1000);
    expect(retryDelayMs(5, { visitorWaiting: false, jitter: 0 })).toBe(16_000);
    expect(retryDelayMs(20, { visitorWaiting: false, jitter: 0 })).toBe(30_000);
    expect(retryDelayMs(20, { visitorWaiting: false, jitter: 0.999 })).toBeLessThanOrEqual(36_000);
    expect(retryDelayMs(20, { visitorWaiting: false, jitter: 0.999 })).toBeGreaterThan(30_000);
  });

  it("waits at least as long as the server's Retry-After", () => {
    expect(retryDelayMs(1, { visitorWaiting: true, retryAfterMs: 5000 })).toBe(5000);
    expect(retryDelayMs(6, { visitorWaiting: false, jitter: 0, retryAfterMs: 5000 })).toBe(30_000);
  });
});

describe('refusalDelayMs', () => {
  it('waits a minute, then doubles, up to half an hour', () => {
    expect([1, 2, 3, 6, 10].map(refusalDelayMs)).toEqual([60_000, 120_000, 240_000, 1_800_000, 1_800_000]);
  });
});

describe('nextToSend', () => {
  const signIn = (id: number, code: string, notBefore = 0): QueuedRecordMeta => ({
    id,
    kind: 'sign-in',
    visitCode: code,
    notBefore,
  });
  const signOut = (id: number, code: string, notBefore = 0): QueuedRecordMeta => ({
    id,
    kind: 'sign-out',
    visitCode: code,
    notBefore,
  });
  const now = 1_000_000;

  it('sends the oldest record first, whatever order they are listed in', () => {
    expect(nextToSend([signIn(7, 'CCCCCC'), signOut(3, 'AAAAAA'), signIn(5, 'BBBBBB')], now)?.id).toBe(3);
  });

  it('skips a record that is waiting after a refusal and sends the next one', () => {
    expect(nextToSend([signIn(1, 'AAAAAA', now + 60_000), signIn(2, 'BBBBBB')], now)?.id).toBe(2);
  });

  it('holds back a sign-out while the sign-in it belongs to is still queued ahead of it', () => {
    const queue = [signIn(1, 'AAAAAA', now + 60_000), signOut(2, 'AAAAAA'), signOut(3, 'BBBBBB')];
    expect(nextToSend(queue, now)?.id).toBe(3);
    expect(nextToSend(queue.slice(0, 2), now)).toBeNull();
  });

  it('sends the sign-in, then its sign-out once the sign-in has gone', () => {
    const queue = [signIn(1, 'AAAAAA'), signOut(2, 'AAAAAA')];
    expect(nextToSend(queue, now)?.id).toBe(1);
    expect(nextToSend(queue.slice(1), now)?.id).toBe(2);
  });

  it('does not hold a sign-out behind a later sign-in with the same code', () => {
    expect(nextToSend([signOut(1, 'AAAAAA'), signIn(2, 'AAAAAA')], now)?.id).toBe(1);
  });

  it('has nothing to send when everything waits', () => {
    expect(nextToSend([signIn(1, 'AAAAAA', now + 1), signOut(2, 'BBBBBB', now + 1)], now)).toBeNull();
    expect(nextToSend([], now)).toBeNull();
  });
});

describe('capacity', () => {
  const empty = { signIns: 0, signOuts: 0 };

  it('keeps a sign-in only with a reserved code and below the cap of 30', () => {
    expect(mayKeep('sign-in', empty, true)).toBe(true);
    expect(mayKeep('sign-in', empty, false)).toBe(false);
    expect(mayKeep('sign-in', { signIns: QUEUE_CAP.signIns - 1, signOuts: 0 }, true)).toBe(true);
    expect(mayKeep('sign-in', { signIns: QUEUE_CAP.signIns, signOuts: 0 }, true)).toBe(false);
  });

  it('keeps sign-outs (no code needed) until the whole queue is full', () => {
    expect(mayKeep('sign-out', { signIns: QUEUE_CAP.signIns, signOuts: 0 }, false)).toBe(true);
    expect(mayKeep('sign-out', { signIns: 30, signOuts: QUEUE_CAP.records - 30 }, false)).toBe(false);
    expect(mayKeep('sign-in', { signIns: 1, signOuts: QUEUE_CAP.records - 1 }, true)).toBe(false);
  });

  it('counts the room left by the scarcest of codes, sign-in places and queue places', () => {
    expect(roomLeft(empty, 30)).toEqual({ signIns: 30, signOuts: 60 });
    expect(roomLeft({ signIns: 10, signOuts: 2 }, 20)).toEqual({ signIns: 20, signOuts: 48 });
    expect(roomLeft({ signIns: 10, signOuts: 2 }, 4)).toEqual({ signIns: 4, signOuts: 48 });
    expect(roomLeft({ signIns: 28, signOuts: 31 }, 30)).toEqual({ signIns: 1, signOuts: 1 });
  });

  it('warns near and at the cap, and only while the tablet holds records', () => {
    expect(capacityNotice(empty, 0)).toBe('none');
    expect(capacityNotice({ signIns: 1, signOuts: 0 }, 29)).toBe('none');
    expect(capacityNotice({ signIns: QUEUE_CAP.signIns - NEAR_CAP, signOuts: 0 }, 30)).toBe('near');
    expect(capacityNotice({ signIns: 0, signOuts: 1 }, NEAR_CAP)).toBe('near');
    expect(capacityNotice({ signIns: QUEUE_CAP.signIns, signOuts: 0 }, 30)).toBe('full');
    expect(capacityNotice({ signIns: 2, signOuts: 0 }, 0)).toBe('full');
  });
});
