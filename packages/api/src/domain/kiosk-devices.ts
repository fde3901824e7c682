import { type Db, renameKioskDevice, revokeKioskDevice } from '@threshold/db';
import { kioskCache } from '../cache/kiosk-cache.ts';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';

interface DeviceChange {
  siteId: string;
  deviceId: string;
  staffId: string;
  now: Date;
}

/**
 * Revokes a kiosk: its token stops working on the next request, and the tablet returns to its pairing screen. This
 * process forgets it at once; others on the NOTIFY of migration 0026's trigger.
 */
export async function revokeKiosk(db: Db, params: DeviceChange) {
  await db.transaction(async (tx) => {
    const device = await revokeKioskDevice(tx, params);
    if (!device) throw new DomainError('NOT_FOUND', 'There is no such active kiosk at this site.');
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: device.organisationId, siteId: params.siteId },
      { type: 'kiosk.revoked', data: { deviceId: device.id } },
    );
  });
  kioskCache.forgetDevice(params.deviceId);
}

export async function renameKiosk(db: Db, params: DeviceChange & { name: string }) {
  await db.transaction(async (tx) => {
    const device = await renameKioskDevice(tx, params);
    if (!device) throw new DomainError('NOT_FOUND', 'There is no such kiosk at this site.');
    // Refused after the update so the check and the change see the same row; throwing rolls the rename back.
    if (device.revokedAt)
      throw new DomainError('CONFLICT', {
        field: 'deviceId',
        key: 'deviceId.revoked',
        message: 'This kiosk was revoked, so it cannot be renamed. Pair the tablet again to use it.',
      });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: device.organisationId, siteId: params.siteId },
      { type: 'kiosk.renamed', data: { deviceId: device.id } },
    );
  });
  kioskCache.forgetDevice(params.deviceId);
}
