import {
  type Db,
  type DbOrTx,
  endAssignment,
  getEscortFacts,
  listOffersToStaff,
  listOpenAssignmentsOfStaff,
  lockVisit,
  setDuty,
  setHandoverOffer,
  setStaffActive,
  setVisitState,
} from '@threshold/db';
import { visitState } from '@threshold/validators';
import { writeAudit } from '../audit.ts';
import { DomainError } from '../errors.ts';
import { transition } from '../visit-state.ts';
import { raiseAlertInTx } from './alerts.ts';
import { signalVisitChange } from './context.ts';

/**
 * An escort who leaves duty, or is deactivated, while responsible for visitors: each of those visitors is now
 * unescorted — the assignment ends, the visit goes back to waiting for an escort, and an alert is raised.
 */
async function loseEscort(
  tx: DbOrTx,
  params: { staffId: string; siteId?: string; reason: 'off_duty' | 'deactivated'; now: Date },
) {
  // A handover offered to them is withdrawn: the offering escort stays responsible.
  for (const offer of await listOffersToStaff(tx, { staffId: params.staffId, siteId: params.siteId })) {
    const visit = await lockVisit(tx, { siteId: offer.siteId, visitId: offer.visitId });
    if (!visit) continue;
    await setHandoverOffer(tx, { id: offer.id, toStaffId: null, offeredAt: null });
    await setVisitState(tx, { visitId: visit.id, state: transition(visitState.parse(visit.state), 'cancel_handover') });
    await writeAudit(
      tx,
      { type: 'system', id: null },
      { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
      { type: 'escort.handover_cancelled', data: { fromStaffId: offer.fromStaffId, toStaffId: params.staffId } },
    );
    await signalVisitChange(tx, visit, [offer.fromStaffId, params.staffId]);
  }
  for (const held of await listOpenAssignmentsOfStaff(tx, { staffId: params.staffId, siteId: params.siteId })) {
    const visit = await lockVisit(tx, { siteId: held.siteId, visitId: held.visitId });
    if (!visit) continue;
    const state = visitState.parse(visit.state);
    await endAssignment(tx, { id: held.id, endedAt: params.now, reason: params.reason });
    if (state === 'escorted' || state === 'handover_pending') {
      await setVisitState(tx, { visitId: visit.id, state: transition(state, 'lose_escort') });
    }
    await writeAudit(
      tx,
      { type: 'system', id: null },
      { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
      { type: 'escort.lost', data: { staffId: params.staffId, reason: params.reason } },
    );
    await raiseAlertInTx(tx, {
      visit,
      kind: params.reason === 'off_duty' ? 'escort_off_duty' : 'escort_deactivated',
      staffId: params.staffId,
      now: params.now,
    });
    await signalVisitChange(tx, visit, [params.staffId]);
  }
}

export function setOnDuty(
  db: Db,
  params: { staffId: string; organisationId: string; siteId: string; onDuty: boolean; now: Date },
) {
  return db.transaction(async (tx) => {
    await setDuty(tx, { staffId: params.staffId, siteId: params.siteId, onDuty: params.onDuty, at: params.now });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: params.organisationId, siteId: params.siteId },
      { type: 'staff.duty_changed', data: { onDuty: params.onDuty } },
    );
    if (!params.onDuty)
      await loseEscort(tx, { staffId: params.staffId, siteId: params.siteId, reason: 'off_duty', now: params.now });
  });
}

/** Deactivation takes effect on the member of staff's next request (sessions are checked against `active`). */
export function deactivateStaff(
  db: Db,
  params: { staffId: string; byStaffId: string; organisationId: string; siteId: string; now: Date },
) {
  return db.transaction(async (tx) => {
    // Only someone who works at the admin's site (and so in the admin's organisation) can be deactivated there.
    const [target] = await getEscortFacts(tx, { siteId: params.siteId, staffIds: [params.staffId] });
    if (!target || target.organisationId !== params.organisationId) {
      throw new DomainError('NOT_FOUND', 'That member of staff does not work at this site.');
    }
    await setStaffActive(tx, { staffId: params.staffId, active: false });
    await writeAudit(
      tx,
      { type: 'staff', id: params.byStaffId },
      { organisationId: params.organisationId, siteId: params.siteId },
      { type: 'staff.deactivated', data: { staffId: params.staffId } },
    );
    await loseEscort(tx, { staffId: params.staffId, reason: 'deactivated', now: params.now });
  });
}
