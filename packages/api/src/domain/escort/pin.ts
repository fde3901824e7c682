import {
  type Db,
  findPinTarget,
  getActiveStaffWithRoles,
  getStaffPinHash,
  hitRateLimit,
  refundRateLimit,
  upsertStaffPin,
} from '@threshold/db';
import { shortName } from '@threshold/validators';
import { hashSecret, verifySecret } from '../../password.ts';
import { writeAudit } from '../audit.ts';
import { DomainError } from '../errors.ts';
import type { KioskDevice } from '../kiosk-device.ts';
import { confirmEscortInTx } from './assignment.ts';

// A lobby shares one IP, so attempts are limited per member of staff AND per kiosk, counted before evaluation.
const PIN_ATTEMPT_LIMIT = 5;
const PIN_WINDOW_SECONDS = 15 * 60;

export const PIN_REFUSED = 'That PIN is not right, or this visitor is not assigned to you. Ask reception.';
const TOO_MANY = 'Too many wrong PINs. Confirm on your phone, or ask reception.';

// Verified when there is no PIN to check, so a refusal costs the same argon2 work either way. Hashed once, at load.
const dummyPinHash = hashSecret('no PIN to check');

export async function setStaffPin(db: Db, params: { staffId: string; organisationId: string; pin: string; now: Date }) {
  const pinHash = await hashSecret(params.pin);
  await db.transaction(async (tx) => {
    await upsertStaffPin(tx, { staffId: params.staffId, pinHash, at: params.now });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: params.organisationId, siteId: null },
      { type: 'staff.pin_set', data: {} },
    );
  });
}

/**
 * The escort assigned to the visit with this code confirms at the kiosk with their PIN. The kiosk learns the
 * escort's first name and initial (for the badge) only after a right PIN.
 */
export async function confirmEscortAtKiosk(
  db: Db,
  device: KioskDevice,
  params: { visitCode: string; pin: string; now: Date },
): Promise<{ escortName: string }> {
  const deviceKey = `pin-device:${device.id}`;
  if ((await hitRateLimit(db, { key: deviceKey, windowSeconds: PIN_WINDOW_SECONDS })) > PIN_ATTEMPT_LIMIT) {
    throw new DomainError('TOO_MANY_REQUESTS', TOO_MANY);
  }
  // The same work on every path (one lookup, one staff count, one hash read, one argon2 verify), so the time of a
  // refusal does not tell a person at the kiosk whether this code has an escort, or whether the escort has a PIN.
  const found = await findPinTarget(db, { siteId: device.siteId, visitCode: params.visitCode });
  const target = found?.staffId && !found.confirmedAt ? { visit: { id: found.visitId }, staffId: found.staffId } : null;
  const staffKey = target ? `pin-staff:${target.staffId}` : `pin-staff-none:${device.id}`;
  const byStaff = await hitRateLimit(db, { key: staffKey, windowSeconds: PIN_WINDOW_SECONDS });
  if (byStaff > PIN_ATTEMPT_LIMIT) {
    // Audited once, when this escort's limit is first crossed, not for every refused attempt after it.
    if (target && byStaff === PIN_ATTEMPT_LIMIT + 1) {
      await writeAudit(
        db,
        { type: 'kiosk', id: device.id },
        { organisationId: device.organisationId, siteId: device.siteId, visitId: target.visit.id },
        { type: 'staff.pin_locked', data: { staffId: target.staffId, deviceId: device.id } },
      );
    }
    throw new DomainError('TOO_MANY_REQUESTS', TOO_MANY);
  }
  const pinHash = await getStaffPinHash(db, { staffId: target?.staffId ?? '' });
  const pinRight = await verifySecret(pinHash ?? (await dummyPinHash), params.pin);
  if (!target || !pinHash || !pinRight) throw new DomainError('NOT_FOUND', PIN_REFUSED);
  await Promise.all([refundRateLimit(db, { key: deviceKey }), refundRateLimit(db, { key: staffKey })]);
  const escortName = await db.transaction(async (tx) => {
    await confirmEscortInTx(tx, {
      siteId: device.siteId,
      visitId: target.visit.id,
      staffId: target.staffId,
      via: 'kiosk_pin',
      now: params.now,
    });
    const escort = await getActiveStaffWithRoles(tx, { staffId: target.staffId });
    return escort?.name ?? '';
  });
  return { escortName: shortName(escortName) };
}
