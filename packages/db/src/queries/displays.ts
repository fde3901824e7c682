import { and, asc, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { boardDisplay, boardDisplayPairingCode } from '../schema/display.ts';
import { site } from '../schema/organisation.ts';
import { visit } from '../schema/visit.ts';

export async function insertBoardDisplay(
  db: DbOrTx,
  params: { organisationId: string; siteId: string; name: string; namesFromMinute: number; namesUntilMinute: number },
) {
  const [row] = await db.insert(boardDisplay).values(params).returning({ id: boardDisplay.id });
  if (!row) throw new Error('board display insert returned nothing');
  return row;
}

/** The displays of a site, newest first, revoked ones included (marked). Never the token hash. */
export async function listBoardDisplays(db: DbOrTx, params: { siteId: string }) {
  return db
    .select({
      id: boardDisplay.id,
      name: boardDisplay.name,
      namesFromMinute: boardDisplay.namesFromMinute,
      namesUntilMinute: boardDisplay.namesUntilMinute,
      createdAt: boardDisplay.createdAt,
      pairedAt: boardDisplay.pairedAt,
      lastSeenAt: boardDisplay.lastSeenAt,
      revokedAt: boardDisplay.revokedAt,
    })
    .from(boardDisplay)
    .where(eq(boardDisplay.siteId, params.siteId))
    .orderBy(desc(boardDisplay.createdAt), asc(boardDisplay.id));
}

/** Renames an unrevoked display of this site and sets its hours; returns it, or null. */
export async function updateBoardDisplay(
  db: DbOrTx,
  params: { siteId: string; displayId: string; name: string; namesFromMinute: number; namesUntilMinute: number },
) {
  const [row] = await db
    .update(boardDisplay)
    .set({ name: params.name, namesFromMinute: params.namesFromMinute, namesUntilMinute: params.namesUntilMinute })
    .where(activeAt(params.siteId, params.displayId))
    .returning({ id: boardDisplay.id, organisationId: boardDisplay.organisationId });
  return row ?? null;
}

/** Revokes an unrevoked display of this site; its token stops working at once. Returns it, or null. */
export async function revokeBoardDisplay(db: DbOrTx, params: { siteId: string; displayId: string; now: Date }) {
  const [row] = await db
    .update(boardDisplay)
    .set({ revokedAt: params.now })
    .where(activeAt(params.siteId, params.displayId))
    .returning({ id: boardDisplay.id, organisationId: boardDisplay.organisationId });
  return row ?? null;
}

/** An unrevoked display of this site, for issuing a pairing code; null if there is none. */
export async function getActiveBoardDisplay(db: DbOrTx, params: { siteId: string; displayId: string }) {
  const [row] = await db
    .select({ id: boardDisplay.id, organisationId: boardDisplay.organisationId })
    .from(boardDisplay)
    .where(activeAt(params.siteId, params.displayId));
  return row ?? null;
}

export async function insertDisplayPairingCode(
  db: DbOrTx,
  params: { displayId: string; codeHash: string; expiresAt: Date; createdByStaffId: string },
) {
  const [row] = await db.insert(boardDisplayPairingCode).values(params).returning({ id: boardDisplayPairingCode.id });
  if (!row) throw new Error('display pairing code insert returned nothing');
  return row;
}

/**
 * Uses an open, unexpired code of an unrevoked display and gives that display a new token (the browser that held
 * the old one stops). Single use by construction; null when there is no such code.
 */
export async function pairBoardDisplay(db: DbOrTx, params: { codeHash: string; tokenHash: string; now: Date }) {
  const [code] = await db
    .update(boardDisplayPairingCode)
    .set({ usedAt: params.now })
    .where(
      and(
        eq(boardDisplayPairingCode.codeHash, params.codeHash),
        isNull(boardDisplayPairingCode.usedAt),
        gt(boardDisplayPairingCode.expiresAt, params.now),
      ),
    )
    .returning({ id: boardDisplayPairingCode.id, displayId: boardDisplayPairingCode.displayId });
  if (!code) return null;
  const [display] = await db
    .update(boardDisplay)
    .set({ tokenHash: params.tokenHash, pairedAt: params.now, lastSeenAt: params.now })
    .where(and(eq(boardDisplay.id, code.displayId), isNull(boardDisplay.revokedAt)))
    .returning({ id: boardDisplay.id, organisationId: boardDisplay.organisationId, siteId: boardDisplay.siteId });
  return display ? { ...display, pairingCodeId: code.id } : null;
}

/** The unrevoked display holding this token, with its site's time zone; touches last_seen_at. */
export async function findActiveDisplayByTokenHash(db: DbOrTx, params: { tokenHash: string; now: Date }) {
  const [row] = await db
    .update(boardDisplay)
    .set({ lastSeenAt: params.now })
    .from(site)
    .where(
      and(
        eq(boardDisplay.tokenHash, params.tokenHash),
        isNull(boardDisplay.revokedAt),
        eq(site.id, boardDisplay.siteId),
      ),
    )
    .returning({
      id: boardDisplay.id,
      name: boardDisplay.name,
      siteId: boardDisplay.siteId,
      organisationId: boardDisplay.organisationId,
      namesFromMinute: boardDisplay.namesFromMinute,
      namesUntilMinute: boardDisplay.namesUntilMinute,
      timezone: site.timezone,
    });
  return row ?? null;
}

/**
 * Who is on site, for a room's screen: the visitor's name (the caller shortens it before it leaves the server), the
 * state and the time of sign-in. Visits held at screening are left out: a room must not learn of a deny-list match.
 */
export async function listDisplayBoardVisits(db: DbOrTx, params: { siteId: string }) {
  return db
    .select({ id: visit.id, visitorName: visit.visitorName, state: visit.state, signedInAt: visit.signedInAt })
    .from(visit)
    .where(
      and(
        eq(visit.siteId, params.siteId),
        isNull(visit.signedOutAt),
        inArray(visit.state, ['awaiting_escort', 'escorted', 'handover_pending']),
      ),
    )
    .orderBy(asc(visit.signedInAt), asc(visit.id));
}

const activeAt = (siteId: string, displayId: string) =>
  and(eq(boardDisplay.id, displayId), eq(boardDisplay.siteId, siteId), isNull(boardDisplay.revokedAt));
