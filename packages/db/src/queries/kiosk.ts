import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { preparedQuery } from '../prepared-query.ts';
import { kioskDevice, kioskPairingCode } from '../schema/kiosk.ts';
import { site } from '../schema/organisation.ts';

export async function insertPairingCode(
  db: DbOrTx,
  params: { siteId: string; codeHash: string; expiresAt: Date; createdByStaffId: string | null },
) {
  const [row] = await db.insert(kioskPairingCode).values(params).returning({ id: kioskPairingCode.id });
  if (!row) throw new Error('pairing code insert returned nothing');
  return row;
}

/** Marks an open, unexpired code as used and returns it; null when no such code exists. Single use by construction. */
export async function consumePairingCode(db: DbOrTx, params: { codeHash: string; now: Date }) {
  const [row] = await db
    .update(kioskPairingCode)
    .set({ usedAt: params.now })
    .where(
      and(
        eq(kioskPairingCode.codeHash, params.codeHash),
        isNull(kioskPairingCode.usedAt),
        gt(kioskPairingCode.expiresAt, params.now),
      ),
    )
    .returning({ id: kioskPairingCode.id, siteId: kioskPairingCode.siteId });
  return row ?? null;
}

export async function linkPairingCodeToDevice(db: DbOrTx, params: { pairingCodeId: string; deviceId: string }) {
  await db
    .update(kioskPairingCode)
    .set({ deviceId: params.deviceId })
    .where(eq(kioskPairingCode.id, params.pairingCodeId));
}

export async function insertKioskDevice(
  db: DbOrTx,
  params: { organisationId: string; siteId: string; name: string; tokenHash: string },
) {
  const [row] = await db.insert(kioskDevice).values(params).returning({ id: kioskDevice.id });
  if (!row) throw new Error('kiosk device insert returned nothing');
  return row;
}

/** How stale last_seen_at may get: "seen a minute ago" is all the admin shows, and a write per request is a commit. */
const LAST_SEEN_EVERY_SECONDS = 60;

/**
 * The active (unrevoked) device holding this token, with its site; touches last_seen_at when it is a minute old, so
 * most requests (every sign-in and sign-out) only read here and commit nothing of their own.
 */
export async function findActiveDeviceByTokenHash(db: DbOrTx, params: { tokenHash: string }) {
  const [row] = await findActiveDevice(db, params);
  if (!row) return null;
  const { stale, ...device } = row;
  if (stale) await touchLastSeen(db, { id: device.id });
  return device;
}

const findActiveDevice = preparedQuery((db) =>
  db
    .select({
      id: kioskDevice.id,
      name: kioskDevice.name,
      siteId: kioskDevice.siteId,
      organisationId: kioskDevice.organisationId,
      pairedAt: kioskDevice.pairedAt,
      stale: sql<boolean>`${kioskDevice.lastSeenAt} is null or ${kioskDevice.lastSeenAt} < now() - make_interval(secs => ${LAST_SEEN_EVERY_SECONDS})`,
    })
    .from(kioskDevice)
    .where(and(eq(kioskDevice.tokenHash, sql.placeholder('tokenHash')), isNull(kioskDevice.revokedAt)))
    .prepare('find_active_kiosk_device'),
);

const touchLastSeen = preparedQuery((db) =>
  db
    .update(kioskDevice)
    .set({ lastSeenAt: sql`now()` })
    .where(eq(kioskDevice.id, sql.placeholder('id')))
    .prepare('touch_kiosk_last_seen'),
);

/** A tablet's heartbeat: what it holds that it could not send yet. */
export async function recordKioskHeartbeat(
  db: DbOrTx,
  params: { deviceId: string; queuedCount: number; queuedSince: Date | null; at: Date },
): Promise<void> {
  await db
    .update(kioskDevice)
    .set({ heartbeatAt: params.at, queuedCount: params.queuedCount, queuedSince: params.queuedSince })
    .where(eq(kioskDevice.id, params.deviceId));
}

/** The active tablets at a site with their last heartbeat and what they hold, for the desk board. */
export async function listKioskHealth(db: DbOrTx, params: { siteId: string }) {
  return db
    .select({
      id: kioskDevice.id,
      name: kioskDevice.name,
      heartbeatAt: kioskDevice.heartbeatAt,
      queuedCount: kioskDevice.queuedCount,
      queuedSince: kioskDevice.queuedSince,
    })
    .from(kioskDevice)
    .where(and(eq(kioskDevice.siteId, params.siteId), isNull(kioskDevice.revokedAt)))
    .orderBy(kioskDevice.name, kioskDevice.id);
}

/** Revokes a device of this site that is not revoked yet; returns it, or null. Its next request is refused. */
export async function revokeKioskDevice(db: DbOrTx, params: { siteId: string; deviceId: string; now: Date }) {
  const [row] = await db
    .update(kioskDevice)
    .set({ revokedAt: params.now })
    .where(
      and(eq(kioskDevice.id, params.deviceId), eq(kioskDevice.siteId, params.siteId), isNull(kioskDevice.revokedAt)),
    )
    .returning({ id: kioskDevice.id, organisationId: kioskDevice.organisationId });
  return row ?? null;
}

export async function renameKioskDevice(db: DbOrTx, params: { siteId: string; deviceId: string; name: string }) {
  const [row] = await db
    .update(kioskDevice)
    .set({ name: params.name })
    .where(and(eq(kioskDevice.id, params.deviceId), eq(kioskDevice.siteId, params.siteId)))
    .returning({ id: kioskDevice.id, organisationId: kioskDevice.organisationId, revokedAt: kioskDevice.revokedAt });
  return row ?? null;
}

/** The kiosks paired at a site, newest first, revoked ones included (marked). */
export async function listKioskDevices(db: DbOrTx, params: { siteId: string }) {
  return db
    .select({
      id: kioskDevice.id,
      name: kioskDevice.name,
      pairedAt: kioskDevice.pairedAt,
      lastSeenAt: kioskDevice.lastSeenAt,
      revokedAt: kioskDevice.revokedAt,
    })
    .from(kioskDevice)
    .where(eq(kioskDevice.siteId, params.siteId))
    .orderBy(desc(kioskDevice.pairedAt));
}

export async function getSite(db: DbOrTx, params: { siteId: string }) {
  const [row] = await db.select().from(site).where(eq(site.id, params.siteId));
  return row ?? null;
}
