import type { RateLimitHit } from '@threshold/db';
import { DomainError } from './errors.ts';
import type { KioskDevice } from './kiosk-device.ts';

/**
 * How many sign-ins one tablet may record: far above any real lobby, low enough to stop a script trying names (and
 * flooding escorts). Signing in takes a visitor a minute or more (details, reading, signing), so even a group
 * queueing at one tablet stays under a few a minute; a refuge sees tens a day, not hundreds an hour.
 */
export interface SignInLimits {
  perMinute: number;
  perHour: number;
}
export const SIGN_IN_LIMITS: SignInLimits = { perMinute: 30, perHour: 300 };
export const SIGN_IN_TOO_MANY = 'This tablet has signed in a lot of people in a short time. Please ask at reception.';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * When the visitor signed: the tablet's time (a sign-in it kept through an outage arrives later), but never in the
 * future (a tablet clock running fast) and never before the tablet was paired.
 */
export function signInTime(claimed: Date | undefined, pairedAt: Date, now: Date): Date {
  if (!claimed || claimed > now) return now;
  return claimed < pairedAt ? pairedAt : claimed;
}

/**
 * The windows a new sign-in is counted against (its counts come back with its records). A sign-in the tablet kept
 * through an outage and delivers late on one of its reserved codes is left out of the per-minute count: after an
 * outage a tablet sends everything it kept at once, and what it can keep is bounded by its reserved codes
 * (RESERVED_CODES), each usable once. It still counts toward the hour, so old times and reserved codes cannot lift the
 * volume beyond that.
 */
export function signInCounts(device: KioskDevice, keptThroughOutage: boolean): RateLimitHit[] {
  return [
    { key: `kiosk-sign-in-hour:${device.id}`, windowSeconds: 60 * 60 },
    ...(keptThroughOutage ? [] : [{ key: `kiosk-sign-in-minute:${device.id}`, windowSeconds: 60 }]),
  ];
}

/** True when the counts of signInCounts (in its order) are over the tablet's limits. */
export function overSignInLimits(counts: readonly number[], limits: SignInLimits): boolean {
  const [hour = 0, minute = 0] = counts;
  return hour > limits.perHour || minute > limits.perMinute;
}

// Beyond ordinary network delay and clock error: the tablet kept this sign-in while it could not reach us.
const KEPT_BY_TABLET_SECONDS = 60;

export function lateness(now: Date, signedInAt: Date) {
  const seconds = Math.round((now.getTime() - signedInAt.getTime()) / 1000);
  return seconds > KEPT_BY_TABLET_SECONDS ? { deliveredLateSeconds: seconds } : {};
}

export function decodePng(dataUrl: string): Buffer {
  const bytes = Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64');
  if (bytes.length < PNG_MAGIC.length || !bytes.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) {
    throw new DomainError('BAD_REQUEST', {
      field: 'signature.imagePng',
      key: 'signature.imagePng.damaged',
      message: 'The signature image is damaged; please sign again',
    });
  }
  return bytes;
}
