import { setTimeout as sleep } from 'node:timers/promises';
import {
  bookRateLimitSlot,
  type Db,
  type DbOrTx,
  endAssignment,
  getOpenAssignment,
  hitRateLimit,
  isSignOutRecorded,
  lockOnSiteVisitByCode,
  refundRateLimit,
  returnRateLimitSlot,
  setVisitState,
} from '@threshold/db';
import { visitState } from '@threshold/validators';
import { afterCommit } from '../jobs/after-commit.ts';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';
import { signalVisitChange } from './escort/context.ts';
import type { KioskDevice } from './kiosk-device.ts';
import { transition } from './visit-state.ts';

/**
 * Guessing codes at a kiosk is paced per device, never refused: a visitor with the right code always signs out. Three
 * attempts from idle go at once; after that each attempt, right or wrong, waits for its own slot, one every 2 s, so
 * one tablet evaluates at most one guess per 2 s however many arrive in parallel. No attempt waits more than 10 s:
 * past that (a flood with a stolen device token) parallel attempts are evaluated after the full 10 s each. A right
 * code gives its slot back, so a stream of real sign-outs never waits.
 */
export const SIGN_OUT_PACE = { spacingMs: 2000, burst: 3, maxWaitMs: 10_000 } as const;
const WRONG_CODE_WINDOW_SECONDS = 10 * 60;
// Wrong codes in the window at which the device is reported in the server log (once per window).
const WRONG_CODE_REPORT_AT = 20;

export const NEUTRAL_SIGN_OUT_MISS =
  'We could not sign out with that code. Check the code on your badge, or ask at reception.';

function isRecorded(db: DbOrTx, device: KioskDevice, key: string | undefined): Promise<boolean> {
  return key ? isSignOutRecorded(db, { siteId: device.siteId, signOutKey: key }) : Promise.resolve(false);
}

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
  const missKey = `kiosk-wrong-code:${device.id}`;
  const paceKey = `kiosk-sign-out-pace:${device.id}`;
  // A sign-out sent again after its answer was lost is recognised by its key before it is paced or counted.
  if (await isRecorded(db, device, params.key)) return { signedOut: true as const };
  // Every attempt waits for its slot before the code is looked at, so the wait tells nothing about the code.
  const wait = await bookRateLimitSlot(db, { key: paceKey, ...SIGN_OUT_PACE });
  if (wait > 0) await sleep(wait);
  const outcome = await db.transaction(async (tx) => {
    // The same key may have been signed out by a copy of this request while it waited.
    if (await isRecorded(tx, device, params.key)) return { result: 'signed_out' } as const;
    // Counted in this transaction and taken back by a right code, so a connection lost half-way takes its count
    // back too: the count is wrong codes only (the fault suite checks it stays 0 for kiosks sending right codes).
    // Statements that do not depend on each other are sent together: one write and one wait instead of one each.
    const [misses, found] = await Promise.all([
      hitRateLimit(tx, { key: missKey, windowSeconds: WRONG_CODE_WINDOW_SECONDS }),
      lockOnSiteVisitByCode(tx, { siteId: device.siteId, visitCode: params.visitCode }),
    ]);
    if (!found) return { result: 'missed', misses } as const;
    const next = transition(visitState.parse(found.state), 'sign_out');
    const at = signOutTime(params.signedOutAt, found.signedInAt, params.now);
    // Signing out at the kiosk ends the escort's responsibility too, and tells them at once: someone who read the
    // code off a badge could sign out a visitor who is still inside.
    const [, , assignment] = await Promise.all([
      setVisitState(tx, {
        visitId: found.id,
        state: next,
        signedOutAt: at,
        ...(params.key ? { signOutKey: params.key } : {}),
      }),
      writeAudit(
        tx,
        { type: 'kiosk', id: device.id },
        { organisationId: found.organisationId, siteId: found.siteId, visitId: found.id },
        { type: 'visit.signed_out', data: { via: 'kiosk' } },
      ),
      getOpenAssignment(tx, { visitId: found.id }),
    ]);
    const escortId = assignment?.staffId ?? assignment?.offeredToStaffId ?? null;
    if (assignment) await endAssignment(tx, { id: assignment.id, endedAt: params.now, reason: 'signed_out' });
    if (escortId) {
      await afterCommit(tx, [
        {
          kind: 'sign_out_notice',
          payload: {
            organisationId: found.organisationId,
            siteId: found.siteId,
            visitId: found.id,
            staffId: escortId,
            signedOutAt: at.getTime(),
          },
        },
      ]);
    }
    await signalVisitChange(tx, found, [assignment?.staffId, assignment?.offeredToStaffId]);
    await Promise.all([
      refundRateLimit(tx, { key: missKey }),
      returnRateLimitSlot(tx, { key: paceKey, spacingMs: SIGN_OUT_PACE.spacingMs }),
    ]);
    return { result: 'signed_out' } as const;
  });
  if (outcome.result === 'missed') {
    if (outcome.misses === WRONG_CODE_REPORT_AT) {
      console.warn(`[kiosk] device ${device.id}: ${WRONG_CODE_REPORT_AT} wrong sign-out codes in 10 minutes`);
    }
    throw new DomainError('NOT_FOUND', NEUTRAL_SIGN_OUT_MISS);
  }
  return { signedOut: true as const };
}

function signOutTime(claimed: Date | undefined, signedInAt: Date, now: Date): Date {
  if (!claimed || claimed > now) return now;
  return claimed < signedInAt ? signedInAt : claimed;
}
