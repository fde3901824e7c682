import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { visit } from '../schema/visit.ts';

export interface NewVisit {
  organisationId: string;
  siteId: string;
  kioskDeviceId: string;
  idempotencyKey: string;
  visitorName: string;
  visitorOrganisation: string;
  category: string;
  state: string;
  visitCode: string;
}

const receipt = { id: visit.id, visitCode: visit.visitCode, signedInAt: visit.signedInAt };

/**
 * Inserts the visit unless this device already submitted the same journey; returns null on such a replay.
 * A clash of visit codes still raises (unique_violation on visit_open_code_idx) so the caller can retry.
 */
export async function insertVisitOnce(db: DbOrTx, v: NewVisit) {
  const [row] = await db
    .insert(visit)
    .values(v)
    .onConflictDoNothing({ target: [visit.kioskDeviceId, visit.idempotencyKey] })
    .returning(receipt);
  return row ?? null;
}

export async function findVisitByIdempotencyKey(db: DbOrTx, params: { kioskDeviceId: string; idempotencyKey: string }) {
  const [row] = await db
    .select(receipt)
    .from(visit)
    .where(and(eq(visit.kioskDeviceId, params.kioskDeviceId), eq(visit.idempotencyKey, params.idempotencyKey)));
  return row ?? null;
}

/** Locks the on-site visit with this code at this site, for a state change in the same transaction. */
export async function lockOnSiteVisitByCode(db: DbOrTx, params: { siteId: string; visitCode: string }) {
  const [row] = await db
    .select({ id: visit.id, state: visit.state, organisationId: visit.organisationId, siteId: visit.siteId })
    .from(visit)
    .where(and(eq(visit.siteId, params.siteId), eq(visit.visitCode, params.visitCode), isNull(visit.signedOutAt)))
    .for('update');
  return row ?? null;
}

export async function setVisitState(
  db: DbOrTx,
  params: { visitId: string; state: string; signedOutAt?: Date },
): Promise<void> {
  await db
    .update(visit)
    .set({ state: params.state, ...(params.signedOutAt ? { signedOutAt: params.signedOutAt } : {}) })
    .where(eq(visit.id, params.visitId));
}

/** Everyone still on site at these sites, newest first. */
export async function listOnSiteVisits(db: DbOrTx, params: { siteIds: string[] }) {
  if (params.siteIds.length === 0) return [];
  return db
    .select({
      id: visit.id,
      siteId: visit.siteId,
      visitorName: visit.visitorName,
      visitorOrganisation: visit.visitorOrganisation,
      category: visit.category,
      state: visit.state,
      signedInAt: visit.signedInAt,
    })
    .from(visit)
    .where(and(inArray(visit.siteId, params.siteIds), isNull(visit.signedOutAt)))
    .orderBy(desc(visit.signedInAt));
}
