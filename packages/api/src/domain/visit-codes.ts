import { type DbOrTx, topUpVisitCodes } from '@threshold/db';
import type { KioskDevice } from './kiosk-device.ts';
import { newVisitCode } from './secrets.ts';

/** How many unused codes a tablet holds: as many sign-ins as it can take while it cannot reach the server. */
export const RESERVED_CODES = 30;

/** The tablet's codes after `usedThroughSeq`, topped up to RESERVED_CODES. */
export function reservedCodesFor(db: DbOrTx, device: KioskDevice, usedThroughSeq: number) {
  return topUpVisitCodes(db, {
    siteId: device.siteId,
    deviceId: device.id,
    usedThroughSeq,
    count: RESERVED_CODES,
    draw: newVisitCode,
  });
}

/**
 * The code a new visit tries: the one the tablet proposes (from its reserved codes, already printed on the badge when
 * it signed the visitor in offline), or a fresh one.
 */
export function visitCodeToTry(proposed: string | undefined): string {
  return proposed ?? newVisitCode();
}
