import {
  type Db,
  endAssignment,
  getOpenAssignment,
  hitRateLimit,
  isSignOutRecorded,
  lockOnSiteVisitByCode,
  refundRateLimit,
  setVisitState,
} from '@threshold/db';
import { visitState } from '@threshold/validators';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';
import { signalVisitChange } from './escort/context.ts';
import type { KioskDevice } from './kiosk-device.ts';
import { transition } from './visit-state.ts';

// Wrong codes are counted per device: guessing codes at the kiosk must not reveal who is on site.
// After two misses each further miss is answered more slowly; after five the device is refused for a while.
const WRONG_CODE_LIMIT = 5;
const WRONG_CODE_WINDOW_SECONDS = 10 * 60;
const FREE_MISSES = 2;
const MAX_SLOWDOWN_MS = 2000;

export function missSlowdownMs(attempt: number): number {
  return attempt <= FREE_MISSES ? 0 : Math.min(250 * 2 ** (attempt - FREE_MISSES), MAX_SLOWDOWN_MS);
}

export const NEUTRAL_SIGN_OUT_MISS =
  'We could not sign out with that code. Check the code on your badge, or ask at reception.';

/**
 * Signs out the on-site visit with this code. `key` (the kiosk's, kept with the sign-out) makes a sign-out sent
 * again after a lost answer succeed without a second change; `signedOutAt` is when the visitor confirmed, for a
 * sign-out the tablet kept through an outage (never before the sign-in, never in the future).
 */
export async function signOutAtKiosk(
  db: Db,
  device: KioskDevice,
  params: { visitCode: string; now: Date; key?: string; signedOutAt?: Date },
) {
  const limitKey = `kiosk-wrong-code:${device.id}`;
  const outcome = await db.transaction(async (tx) => {
    // A sign-out sent again after its answer was lost is recognised by its key before anything is counted.
    if (params.key && (await isSignOutRecorded(tx, { siteId: device.siteId, signOutKey: params.key }))) {
      return { result: 'signed_out' } as const;
    }
    // Every attempt is counted before it is evaluated, so a burst of parallel guesses cannot all slip in under the
    // limit (they queue on the counter's row); a right code takes its count back. Counted in this transaction, so a
    // connection lost half-way takes its count back too, and a kiosk retrying through a fault is not locked out.
    const attempts = await hitRateLimit(tx, { key: limitKey, windowSeconds: WRONG_CODE_WINDOW_SECONDS });
    if (attempts > WRONG_CODE_LIMIT) return { result: 'refused' } as const;
    const found = await lockOnSiteVisitByCode(tx, { siteId: device.siteId, visitCode: params.visitCode });
    if (!found) return { result: 'missed', attempts } as const;
    const next = transition(visitState.parse(found.state), 'sign_out');
    const at = signOutTime(params.signedOutAt, found.signedInAt, params.now);
    await setVisitState(tx, {
      visitId: found.id,
      state: next,
      signedOutAt: at,
      ...(params.key ? { signOutKey: params.key } : {}),
    });
    await writeAudit(
      tx,
      { type: 'kiosk', id: device.id },
      { organisationId: found.organisationId, siteId: found.siteId, visitId: found.id },
      { type: 'visit.signed_out', data: { via: 'kiosk' } },
    );
    // Signing out at the kiosk ends the escort's responsibility too.
    const assignment = await getOpenAssignment(tx, { visitId: found.id });
    if (assignment) await endAssignment(tx, { id: assignment.id, endedAt: params.now, reason: 'signed_out' });
    await signalVisitChange(tx, found, [assignment?.staffId, assignment?.offeredToStaffId]);
    await refundRateLimit(tx, { key: limitKey });
    return { result: 'signed_out' } as const;
  });
  if (outcome.result === 'refused') {
    throw new DomainError('TOO_MANY_REQUESTS', 'Please ask at reception to sign you out.');
  }
  if (outcome.result === 'missed') {
    await new Promise((resolve) => setTimeout(resolve, missSlowdownMs(outcome.attempts)));
    throw new DomainError('NOT_FOUND', NEUTRAL_SIGN_OUT_MISS);
  }
  return { signedOut: true as const };
}

function signOutTime(claimed: Date | undefined, signedInAt: Date, now: Date): Date {
  if (!claimed || claimed > now) return now;
  return claimed < signedInAt ? signedInAt : claimed;
}
