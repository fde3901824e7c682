import { type Db, type DbOrTx, endAssignment, setVisitState } from '@threshold/db';
import { afterCommit } from '../jobs/after-commit.ts';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';
import { loadVisitForChange, signalVisitChange } from './escort/context.ts';
import { transition } from './visit-state.ts';

type Loaded = Awaited<ReturnType<typeof loadVisitForChange>>;

/** Ends the escort's responsibility as a kiosk sign-out does, and tells the escort at once. */
async function endEscortForDeparture(tx: DbOrTx, loaded: Loaded, params: { signedOutAt: Date; now: Date }) {
  const { visit, assignment } = loaded;
  const escortId = assignment?.staffId ?? assignment?.offeredToStaffId ?? null;
  if (assignment) await endAssignment(tx, { id: assignment.id, endedAt: params.now, reason: 'signed_out' });
  if (escortId) {
    await afterCommit(tx, [
      {
        kind: 'sign_out_notice',
        payload: {
          organisationId: visit.organisationId,
          siteId: visit.siteId,
          visitId: visit.id,
          staffId: escortId,
          signedOutAt: params.signedOutAt.getTime(),
        },
      },
    ]);
  }
  await signalVisitChange(tx, visit, [assignment?.staffId, assignment?.offeredToStaffId]);
}

/** Desk staff sign a visitor out for them (seen leaving, badge handed in); the reason is kept with the visit. */
export function signOutOnBehalf(
  db: Db,
  params: { siteId: string; visitId: string; staffId: string; reason: string; now: Date },
) {
  return db.transaction(async (tx) => {
    const loaded = await loadVisitForChange(tx, params);
    if (loaded.state === 'signed_out') {
      throw new DomainError('CONFLICT', 'This visitor has already signed out. Nothing was changed.');
    }
    await setVisitState(tx, {
      visitId: loaded.visit.id,
      state: transition(loaded.state, 'sign_out'),
      signedOutAt: params.now,
      signOutNote: params.reason,
    });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: loaded.visit.organisationId, siteId: params.siteId, visitId: loaded.visit.id },
      { type: 'visit.signed_out', data: { via: 'staff' } },
    );
    await endEscortForDeparture(tx, loaded, { signedOutAt: params.now, now: params.now });
    return { signedOut: true as const };
  });
}

/**
 * Records when a visitor whose departure was not confirmed at closing time actually left: not in the future, not
 * before they signed in. The visit is then signed out at that time, with the note.
 */
export function recordDeparture(
  db: Db,
  params: { siteId: string; visitId: string; staffId: string; departedAt: Date; note: string; now: Date },
) {
  return db.transaction(async (tx) => {
    const loaded = await loadVisitForChange(tx, params);
    if (loaded.state !== 'departure_unconfirmed') {
      throw new DomainError(
        'CONFLICT',
        'This visit is not waiting for a departure time (it was signed out, or it is still open). Nothing was changed.',
      );
    }
    if (params.departedAt > params.now) {
      throw new DomainError('BAD_REQUEST', {
        field: 'departedAt',
        key: 'departedAt.future',
        message: 'The time they left cannot be in the future.',
      });
    }
    if (params.departedAt < loaded.visit.signedInAt) {
      throw new DomainError('BAD_REQUEST', {
        field: 'departedAt',
        key: 'departedAt.before_sign_in',
        message: 'The time they left cannot be before they signed in.',
      });
    }
    await setVisitState(tx, {
      visitId: loaded.visit.id,
      state: transition(loaded.state, 'confirm_departure'),
      signedOutAt: params.departedAt,
      signOutNote: params.note,
    });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: loaded.visit.organisationId, siteId: params.siteId, visitId: loaded.visit.id },
      { type: 'visit.departure_recorded', data: { departedAt: params.departedAt.toISOString() } },
    );
    await endEscortForDeparture(tx, loaded, { signedOutAt: params.departedAt, now: params.now });
    return { signedOut: true as const };
  });
}
