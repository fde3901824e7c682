import {
  confirmAssignment,
  type Db,
  type DbOrTx,
  endAssignment,
  insertAssignment,
  setHandoverOffer,
  setVisitState,
} from '@threshold/db';
import { staffActor, writeAudit } from '../audit.ts';
import { DomainError } from '../errors.ts';
import { transition } from '../visit-state.ts';
import { loadVisitForChange, queueEscortEmail, requireEligibleEscort, signalVisitChange } from './context.ts';
import { rearmEscortCheck } from './rearm.ts';

interface VisitRef {
  siteId: string;
  visitId: string;
  now: Date;
}

/**
 * Makes `staffId` responsible for an on-site visit (not yet confirmed). Replaces any current escort (recorded as a
 * reassignment); a visitor who was escorted becomes unescorted until the new escort confirms. Runs inside the
 * caller's transaction, so sign-in can assign its host in the same commit; the caller signals the change (sign-in
 * does so after its commit). Returns the visit and the escorts involved, for that signal.
 */
export async function assignEscortInTx(
  tx: DbOrTx,
  params: VisitRef & { staffId: string; actor: { type: 'staff' | 'kiosk'; id: string }; how: 'host_match' | 'staff' },
) {
  const { visit, state, assignment } = await loadVisitForChange(tx, params);
  if (state === 'signed_out') throw new DomainError('CONFLICT', 'This visitor has already signed out.');
  // Held at sign-in: nobody fetches them until a coordinator has admitted them (the desk is not told why).
  if (state === 'screening') {
    throw new DomainError(
      'CONFLICT',
      'This visitor is waiting for a coordinator. Assign an escort once they are admitted.',
    );
  }
  if (assignment?.staffId === params.staffId) throw new DomainError('CONFLICT', 'That escort is already assigned.');
  await requireEligibleEscort(tx, { siteId: params.siteId, staffId: params.staffId, now: params.now });
  if (assignment) await endAssignment(tx, { id: assignment.id, endedAt: params.now, reason: 'reassigned' });
  if (state === 'escorted' || state === 'handover_pending') {
    await setVisitState(tx, { visitId: visit.id, state: transition(state, 'lose_escort') });
  }
  await insertAssignment(tx, { visitId: visit.id, staffId: params.staffId, assignedAt: params.now });
  await writeAudit(
    tx,
    params.actor,
    { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
    {
      type: 'escort.assigned',
      data: { staffId: params.staffId, previousStaffId: assignment?.staffId ?? null, how: params.how },
    },
  );
  await queueEscortEmail(tx, visit, params.staffId);
  // Sign-in's own timer covers a host matched at sign-in; an escort chosen later gets the window again.
  if (params.how === 'staff') await rearmEscortCheck(tx, { visitId: visit.id, siteId: params.siteId, now: params.now });
  return { visit, involved: [params.staffId, assignment?.staffId] };
}

export function assignEscort(db: Db, params: VisitRef & { staffId: string; byStaffId: string }) {
  return db.transaction(async (tx) => {
    const { visit, involved } = await assignEscortInTx(tx, {
      ...params,
      actor: staffActor(params.byStaffId),
      how: 'staff',
    });
    await signalVisitChange(tx, visit, involved);
  });
}

/** "I am with them": the assigned escort takes responsibility (on their phone, or at the kiosk with their PIN). */
export async function confirmEscortInTx(
  tx: DbOrTx,
  params: VisitRef & { staffId: string; via: 'phone' | 'kiosk_pin' },
) {
  const { visit, state, assignment } = await loadVisitForChange(tx, params);
  if (!assignment || assignment.staffId !== params.staffId) {
    throw new DomainError('FORBIDDEN', 'This visitor is not assigned to you.');
  }
  if (assignment.confirmedAt)
    throw new DomainError('CONFLICT', 'You have already confirmed you are with this visitor.');
  // Eligibility can lapse between assignment and confirmation (a new policy version, going off duty).
  await requireEligibleEscort(tx, { siteId: params.siteId, staffId: params.staffId, now: params.now });
  await setVisitState(tx, { visitId: visit.id, state: transition(state, 'confirm_escort') });
  await confirmAssignment(tx, { id: assignment.id, confirmedAt: params.now, via: params.via });
  await writeAudit(
    tx,
    staffActor(params.staffId),
    { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
    { type: 'escort.confirmed', data: { staffId: params.staffId, via: params.via } },
  );
  await signalVisitChange(tx, visit, [params.staffId]);
  return visit;
}

export function confirmEscort(db: Db, params: VisitRef & { staffId: string }) {
  return db.transaction(async (tx) => {
    await confirmEscortInTx(tx, { ...params, via: 'phone' });
  });
}

/** Escort A offers the visitor to escort B; A stays responsible until B accepts. */
export function offerHandover(db: Db, params: VisitRef & { staffId: string; toStaffId: string }) {
  return db.transaction(async (tx) => {
    const { visit, state, assignment } = await loadVisitForChange(tx, params);
    if (!assignment || assignment.staffId !== params.staffId || !assignment.confirmedAt) {
      throw new DomainError('FORBIDDEN', 'Only the escort who is with this visitor can hand them over.');
    }
    if (params.toStaffId === params.staffId)
      throw new DomainError('BAD_REQUEST', {
        field: 'toStaffId',
        key: 'toStaffId.self',
        message: 'Choose another escort: you are already with this visitor.',
      });
    await requireEligibleEscort(tx, { siteId: params.siteId, staffId: params.toStaffId, now: params.now });
    await setVisitState(tx, { visitId: visit.id, state: transition(state, 'offer_handover') });
    await setHandoverOffer(tx, { id: assignment.id, toStaffId: params.toStaffId, offeredAt: params.now });
    await writeAudit(
      tx,
      staffActor(params.staffId),
      { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
      { type: 'escort.handover_offered', data: { fromStaffId: params.staffId, toStaffId: params.toStaffId } },
    );
    await queueEscortEmail(tx, visit, params.toStaffId);
    await signalVisitChange(tx, visit, [params.staffId, params.toStaffId]);
  });
}

/** Escort B accepts: responsibility moves to B at this moment, with no unescorted gap. */
export function acceptHandover(db: Db, params: VisitRef & { staffId: string }) {
  return db.transaction(async (tx) => {
    const { visit, state, assignment } = await loadVisitForChange(tx, params);
    if (!assignment || assignment.offeredToStaffId !== params.staffId) {
      throw new DomainError('FORBIDDEN', 'This visitor has not been offered to you.');
    }
    await requireEligibleEscort(tx, { siteId: params.siteId, staffId: params.staffId, now: params.now });
    await setVisitState(tx, { visitId: visit.id, state: transition(state, 'accept_handover') });
    await endAssignment(tx, { id: assignment.id, endedAt: params.now, reason: 'handed_over' });
    await insertAssignment(tx, {
      visitId: visit.id,
      staffId: params.staffId,
      assignedAt: params.now,
      confirmedAt: params.now,
      confirmedVia: 'handover',
    });
    await writeAudit(
      tx,
      staffActor(params.staffId),
      { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
      { type: 'escort.handover_accepted', data: { fromStaffId: assignment.staffId, toStaffId: params.staffId } },
    );
    await signalVisitChange(tx, visit, [assignment.staffId, params.staffId]);
  });
}

/** Either side withdraws the offer; the offering escort stays responsible. */
export function cancelHandover(db: Db, params: VisitRef & { staffId: string }) {
  return db.transaction(async (tx) => {
    const { visit, state, assignment } = await loadVisitForChange(tx, params);
    const offeredTo = assignment?.offeredToStaffId;
    if (!assignment || !offeredTo || (assignment.staffId !== params.staffId && offeredTo !== params.staffId)) {
      throw new DomainError('FORBIDDEN', 'There is no handover of this visitor involving you.');
    }
    await setVisitState(tx, { visitId: visit.id, state: transition(state, 'cancel_handover') });
    await setHandoverOffer(tx, { id: assignment.id, toStaffId: null, offeredAt: null });
    await writeAudit(
      tx,
      staffActor(params.staffId),
      { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
      { type: 'escort.handover_cancelled', data: { fromStaffId: assignment.staffId, toStaffId: offeredTo } },
    );
    await signalVisitChange(tx, visit, [assignment.staffId, offeredTo]);
  });
}

/** The escort signs their visitor out (at the door); the assignment ends with the visit. */
export function signOutByEscort(db: Db, params: VisitRef & { staffId: string }) {
  return db.transaction(async (tx) => {
    const { visit, state, assignment } = await loadVisitForChange(tx, params);
    if (!assignment || assignment.staffId !== params.staffId) {
      throw new DomainError('FORBIDDEN', 'This visitor is not assigned to you.');
    }
    await setVisitState(tx, { visitId: visit.id, state: transition(state, 'sign_out'), signedOutAt: params.now });
    await endAssignment(tx, { id: assignment.id, endedAt: params.now, reason: 'signed_out' });
    await writeAudit(
      tx,
      staffActor(params.staffId),
      { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
      { type: 'visit.signed_out', data: { via: 'staff' } },
    );
    await signalVisitChange(tx, visit, [params.staffId, assignment.offeredToStaffId]);
  });
}
