import {
  consumePairingCode,
  type Db,
  getSite,
  hitRateLimit,
  insertKioskDevice,
  insertPairingCode,
  linkPairingCodeToDevice,
  refundRateLimit,
} from '@threshold/db';
import { writeAudit } from './audit.ts';
import { addressKey } from './client-key.ts';
import { DomainError } from './errors.ts';
import { newDeviceToken, newPairingCode, sha256Hex } from './secrets.ts';

export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;
// Six digits are guessable only by volume, so wrong codes are capped per client address and per code tried. There is
// no instance-wide cap: one client's guesses must never stop another tablet pairing.
export const PAIRING_CLIENT_LIMIT = 10;
const PAIRING_CODE_LIMIT = 5;
const PAIRING_WINDOW_SECONDS = 10 * 60;
const TOO_MANY_PAIRING_GUESSES = 'Too many wrong pairing codes from this device. Wait 10 minutes, then try again.';

export async function createPairingCode(
  db: Db,
  params: { siteId: string; organisationId: string; createdByStaffId: string | null; now: Date },
): Promise<{ code: string; expiresAt: Date }> {
  const code = newPairingCode();
  const expiresAt = new Date(params.now.getTime() + PAIRING_CODE_TTL_MS);
  await db.transaction(async (tx) => {
    const { id } = await insertPairingCode(tx, {
      siteId: params.siteId,
      codeHash: sha256Hex(code),
      expiresAt,
      createdByStaffId: params.createdByStaffId,
    });
    const actor = params.createdByStaffId
      ? ({ type: 'staff', id: params.createdByStaffId } as const)
      : ({ type: 'system', id: null } as const);
    await writeAudit(
      tx,
      actor,
      { organisationId: params.organisationId, siteId: params.siteId },
      { type: 'kiosk.pairing_code_created', data: { pairingCodeId: id } },
    );
  });
  return { code, expiresAt };
}

/** Exchanges a one-time code for a device token. Only the token's hash is stored. */
export async function pairKiosk(
  db: Db,
  params: { code: string; deviceName: string; now: Date; clientAddress: string },
): Promise<{ token: string; deviceId: string }> {
  const codeHash = sha256Hex(params.code);
  // Counted before evaluation so parallel guesses cannot exceed the limits; a successful pairing is refunded.
  const keys = [`kiosk-pairing-client:${addressKey(params.clientAddress)}`, `kiosk-pairing-code:${codeHash}`];
  const [byClient = 0, byCode = 0] = await Promise.all(
    keys.map((key) => hitRateLimit(db, { key, windowSeconds: PAIRING_WINDOW_SECONDS })),
  );
  if (byClient > PAIRING_CLIENT_LIMIT || byCode > PAIRING_CODE_LIMIT) {
    throw new DomainError('TOO_MANY_REQUESTS', TOO_MANY_PAIRING_GUESSES);
  }
  const token = newDeviceToken();
  const deviceId = await db.transaction(async (tx) => {
    const pairing = await consumePairingCode(tx, { codeHash, now: params.now });
    if (!pairing) return null;
    const site = await getSite(tx, { siteId: pairing.siteId });
    if (!site) throw new Error('pairing code references a missing site');
    const device = await insertKioskDevice(tx, {
      organisationId: site.organisationId,
      siteId: site.id,
      name: params.deviceName,
      tokenHash: sha256Hex(token),
    });
    await linkPairingCodeToDevice(tx, { pairingCodeId: pairing.id, deviceId: device.id });
    await writeAudit(
      tx,
      { type: 'kiosk', id: device.id },
      { organisationId: site.organisationId, siteId: site.id },
      { type: 'kiosk.paired', data: { deviceId: device.id, pairingCodeId: pairing.id } },
    );
    return device.id;
  });
  if (!deviceId) {
    throw new DomainError(
      'NOT_FOUND',
      'That pairing code is not valid. Codes work once and expire after 10 minutes: ask an admin for a new one.',
    );
  }
  await Promise.all(keys.map((key) => refundRateLimit(db, { key })));
  return { token, deviceId };
}
