import { type DbOrTx, isVisitCodeTaken, topUpVisitCodes } from '@threshold/db';
import type { KioskDevice } from './kiosk-device.ts';
import { newVisitCode } from './secrets.ts';

/** How many unused codes a tablet holds: as many sign-ins as it can take while it cannot reach the server. */
export const RESERVED_CODES = 30;
const DRAWS = 8;

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
 * The code a new visit carries: the one the tablet proposes (from its reserved codes, already printed on the badge
 * when it signed the visitor in offline), unless another tablet or a visitor on site holds it; otherwise a fresh
 * one. A clash with a visitor who signs in at the same moment still fails the insert, and the caller draws again.
 */
export async function codeForVisit(tx: DbOrTx, device: KioskDevice, proposed: string | undefined): Promise<string> {
  const free = async (code: string) =>
    !(await isVisitCodeTaken(tx, { siteId: device.siteId, deviceId: device.id, code }));
  if (proposed && (await free(proposed))) return proposed;
  for (let i = 1; i < DRAWS; i++) {
    const code = newVisitCode();
    if (await free(code)) return code;
  }
  return newVisitCode();
}
