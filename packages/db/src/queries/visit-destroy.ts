import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { alert } from '../schema/alert.ts';
import { disclosureVisit } from '../schema/disclosure.ts';
import { escortAssignment } from '../schema/escort.ts';
import { outboxMessage } from '../schema/outbox.ts';
import { rollCallEntry } from '../schema/roll-call.ts';
import { safeguardingConcern, safeguardingHold } from '../schema/safeguarding.ts';
import { jobOutbox } from '../schema/system.ts';
import { visit } from '../schema/visit.ts';
import { visitAcknowledgement, visitSignature } from '../schema/visit-records.ts';

/** What one destruction removed, per kind of row. Counts only: a purge record may keep these. */
export interface DestroyedCounts {
  visits: number;
  signatures: number;
  acknowledgements: number;
  alerts: number;
  escortAssignments: number;
  outboxMessages: number;
  releasedHolds: number;
  concerns: number;
  disclosureLinks: number;
  rollCallEntries: number;
}

export const noneDestroyed = (): DestroyedCounts => ({
  visits: 0,
  signatures: 0,
  acknowledgements: 0,
  alerts: 0,
  escortAssignments: 0,
  outboxMessages: 0,
  releasedHolds: 0,
  concerns: 0,
  disclosureLinks: 0,
  rollCallEntries: 0,
});

export function addCounts(a: DestroyedCounts, b: DestroyedCounts): DestroyedCounts {
  const out = noneDestroyed();
  for (const key of Object.keys(out) as (keyof DestroyedCounts)[]) out[key] = a[key] + b[key];
  return out;
}

/** Thrown (and the transaction left for the caller to roll back) when a visit to destroy has an active hold. */
export class VisitHeldError extends Error {
  readonly visitIds: string[];
  constructor(visitIds: string[]) {
    super(`${visitIds.length} visit(s) have an active safeguarding hold and cannot be destroyed`);
    this.name = 'VisitHeldError';
    this.visitIds = visitIds;
  }
}

/**
 * Destroys visits and everything personal tied to them: signature, acknowledgements, alerts, escort assignments,
 * email outbox rows and queued job rows, released holds and concerns, and disclosure-register links (the request
 * itself stays: the register keeps it for its own period). A roll-call entry keeps its row with `visit_id` cleared,
 * shown as "record removed", so a past roll call still counts the people it had. Audit rows stay: they carry ids
 * only, so the hash chain still verifies.
 *
 * Run it in a transaction on the OWNER connection: signatures and acknowledgements refuse deletion by any other
 * role (migration 0009). The visits are locked first, so a hold placed a moment earlier (its foreign key check
 * takes a share lock on the visit) is seen; any active hold makes the whole call throw `VisitHeldError`.
 */
export async function destroyVisits(tx: Tx, params: { visitIds: string[] }): Promise<DestroyedCounts> {
  const counts = noneDestroyed();
  const ids = [...new Set(params.visitIds)];
  if (ids.length === 0) return counts;
  const locked = await tx
    .select({ id: visit.id })
    .from(visit)
    .where(inArray(visit.id, ids))
    .orderBy(visit.id)
    .for('update');
  const present = locked.map((r) => r.id);
  if (present.length === 0) return counts;

  const held = await tx
    .select({ visitId: safeguardingHold.visitId })
    .from(safeguardingHold)
    .where(and(inArray(safeguardingHold.visitId, present), isNull(safeguardingHold.releasedAt)));
  if (held.length > 0) throw new VisitHeldError(held.map((r) => r.visitId));

  const deleted = async (rows: Promise<unknown[]>) => (await rows).length;
  const one = { one: sql`1` };
  counts.signatures = await deleted(
    tx.delete(visitSignature).where(inArray(visitSignature.visitId, present)).returning(one),
  );
  counts.acknowledgements = await deleted(
    tx.delete(visitAcknowledgement).where(inArray(visitAcknowledgement.visitId, present)).returning(one),
  );
  counts.alerts = await deleted(tx.delete(alert).where(inArray(alert.visitId, present)).returning(one));
  counts.escortAssignments = await deleted(
    tx.delete(escortAssignment).where(inArray(escortAssignment.visitId, present)).returning(one),
  );
  counts.outboxMessages = await deleted(
    tx.delete(outboxMessage).where(inArray(outboxMessage.visitId, present)).returning(one),
  );
  // Queued timers for these visits would find nothing; removing them keeps no id of a destroyed visit waiting.
  await tx.delete(jobOutbox).where(inArray(sql`${jobOutbox.payload}->>'visitId'`, present));
  // Holds first: a released hold may name the concern it came from.
  counts.releasedHolds = await deleted(
    tx.delete(safeguardingHold).where(inArray(safeguardingHold.visitId, present)).returning(one),
  );
  counts.concerns = await deleted(
    tx.delete(safeguardingConcern).where(inArray(safeguardingConcern.visitId, present)).returning(one),
  );
  counts.disclosureLinks = await deleted(
    tx.delete(disclosureVisit).where(inArray(disclosureVisit.visitId, present)).returning(one),
  );
  counts.rollCallEntries = await deleted(
    tx.update(rollCallEntry).set({ visitId: null }).where(inArray(rollCallEntry.visitId, present)).returning(one),
  );
  counts.visits = await deleted(tx.delete(visit).where(inArray(visit.id, present)).returning(one));
  return counts;
}
