import {
  type Db,
  getActiveBoardDisplay,
  hitRateLimit,
  insertDisplayPairingCode,
  pairBoardDisplay,
  refundRateLimit,
} from '@threshold/db';
import { writeAudit } from './audit.ts';
import { addressKey } from './client-key.ts';
import { DomainError } from './errors.ts';
import { PAIRING_CLIENT_LIMIT, PAIRING_CODE_TTL_MS } from './kiosk-pairing.ts';
import { newDeviceToken, newPairingCode, sha256Hex } from './secrets.ts';

// The kiosk's limits, and its per-address counter: an address guessing codes gets ten wrong ones in all, whether it
// names them kiosk or display codes.
const PAIRING_CODE_LIMIT = 5;
const PAIRING_WINDOW_SECONDS = 10 * 60;

/** A one-time code (10 minutes) that pairs one browser to this display; a later pairing replaces the earlier one. */
export async function createDisplayPairingCode(
  db: Db,
  params: { siteId: string; displayId: string; staffId: string; now: Date },
): Promise<{ code: string; expiresAt: Date }> {
  const code = newPairingCode();
  const expiresAt = new Date(params.now.getTime() + PAIRING_CODE_TTL_MS);
  await db.transaction(async (tx) => {
    const display = await getActiveBoardDisplay(tx, params);
    if (!display) throw new DomainError('NOT_FOUND', 'There is no such active display at this site.');
    const { id } = await insertDisplayPairingCode(tx, {
      displayId: display.id,
      codeHash: sha256Hex(code),
      expiresAt,
      createdByStaffId: params.staffId,
    });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: display.organisationId, siteId: params.siteId },
      { type: 'display.pairing_code_created', data: { displayId: display.id, pairingCodeId: id } },
    );
  });
  return { code, expiresAt };
}

/** Exchanges a one-time code for the display's bearer token. Only the token's hash is stored. */
export async function pairDisplay(
  db: Db,
  params: { code: string; now: Date; clientAddress: string },
): Promise<{ token: string }> {
  const codeHash = sha256Hex(params.code);
  // Counted before evaluation so parallel guesses cannot exceed the limits; a successful pairing is refunded.
  const keys = [`kiosk-pairing-client:${addressKey(params.clientAddress)}`, `display-pairing-code:${codeHash}`];
  const [byClient = 0, byCode = 0] = await Promise.all(
    keys.map((key) => hitRateLimit(db, { key, windowSeconds: PAIRING_WINDOW_SECONDS })),
  );
  if (byClient > PAIRING_CLIENT_LIMIT || byCode > PAIRING_CODE_LIMIT) {
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      'Too many wrong pairing codes from this device. Wait 10 minutes, then try again.',
    );
  }
  const token = newDeviceToken();
  const paired = await db.transaction(async (tx) => {
    const display = await pairBoardDisplay(tx, { codeHash, tokenHash: sha256Hex(token), now: params.now });
    if (!display) return false;
    await writeAudit(
      tx,
      { type: 'display', id: display.id },
      { organisationId: display.organisationId, siteId: display.siteId },
      { type: 'display.paired', data: { displayId: display.id, pairingCodeId: display.pairingCodeId } },
    );
    return true;
  });
  if (!paired) {
    throw new DomainError(
      'NOT_FOUND',
      'That pairing code is not valid. Codes work once and expire after 10 minutes: ask an admin for a new one.',
    );
  }
  await Promise.all(keys.map((key) => refundRateLimit(db, { key })));
  return { token };
}
