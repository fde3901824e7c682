import {
  acknowledgeAlertRow,
  type Db,
  type DbOrTx,
  decideVisitScreening,
  denyEntryNames,
  findDenyMatches,
  listPendingScreenings,
  listUndecidedHeldScreenings,
  lockVisit,
  openScreeningAlert,
  type ScreeningOutcome,
  setVisitState,
} from '@threshold/db';
import { type ScreeningDecision, visitState } from '@threshold/validators';
import { type AfterCommitHandlers, type AfterCommitTask, afterCommit } from '../../jobs/after-commit.ts';
import { writeAudit } from '../audit.ts';
import { DomainError } from '../errors.ts';
import { raiseAlertInTx } from '../escort/alerts.ts';
import { signalVisitChange } from '../escort/context.ts';
import { initialVisitState, transition } from '../visit-state.ts';

/** Looks a name up in the deny list; replaceable in tests to make the check fail. */
export type DenyCheck = (db: DbOrTx, params: { organisationId: string; fullName: string }) => Promise<string[]>;

/** What the deny-list check of a sign-in found. */
export interface Screening {
  outcome: ScreeningOutcome;
  entryIds: string[];
}

/**
 * The deny-list check of a kiosk sign-in, the same statement for every sign-in whether or not the name matches. It
 * runs outside the sign-in's transaction (so a failing lookup cannot spoil it, with no savepoint) and fails closed:
 * if the lookup cannot run, the visit is held in screening for a person to decide. Never rejects.
 */
export async function screenName(
  db: DbOrTx,
  params: { organisationId: string; fullName: string },
  check: DenyCheck = findDenyMatches,
): Promise<Screening> {
  try {
    const entryIds = await check(db, params);
    return { outcome: entryIds.length > 0 ? 'match' : 'clear', entryIds };
  } catch {
    return { outcome: 'check_failed', entryIds: [] };
  }
}

/** The state a screened visit starts in: held for a person to decide unless the check ran and found nobody. */
export function screenedVisitState(screening: Screening) {
  return initialVisitState({ heldForScreening: screening.outcome !== 'clear' });
}

interface ScreenedVisit {
  visit: { id: string; organisationId: string; siteId: string };
  kioskDeviceId: string;
  screening: Screening;
  now: Date;
}

/**
 * The row recording a sign-in's screening with its visit (see writeSignInRecords), the same writes for every outcome,
 * so the visitor's answer looks and takes the same either way; its audit entry is screeningCheckedAudit.
 */
export function screeningRecord(params: ScreenedVisit) {
  const { visit, screening } = params;
  return {
    visitId: visit.id,
    organisationId: visit.organisationId,
    siteId: visit.siteId,
    outcome: screening.outcome,
    matchedEntryIds: screening.entryIds,
    screenedAt: params.now,
  };
}

/** The audit entry of a sign-in's screening (for writeAudits, in the sign-in's transaction). */
export function screeningCheckedAudit(params: Omit<ScreenedVisit, 'now'>) {
  const { visit, screening } = params;
  return {
    actor: { type: 'kiosk' as const, id: params.kioskDeviceId },
    scope: { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
    event: {
      type: 'screening.checked' as const,
      data: { outcome: screening.outcome, entryIds: screening.entryIds },
    },
  };
}

/** The coordinators' alert for a held visit follows the commit: queued for every sign-in alike, the handler decides. */
export function screeningAlertTask(visitId: string): AfterCommitTask {
  return { kind: 'screening_alert', payload: { visitId } };
}

/**
 * After sign-ins commit: each visit held in screening raises the urgent alert (board, live, email to the site's
 * coordinators). The held ones among a drain's visits are found in one statement (most sign-ins are clear).
 * Idempotent: one open screening alert per visit, and nothing once decided.
 */
export const screeningAlertHandler: Required<Pick<AfterCommitHandlers, 'screening_alert'>> = {
  screening_alert: async (tasks, tx) => {
    const held = await listUndecidedHeldScreenings(tx, { visitIds: tasks.map((t) => t.visitId) });
    for (const screening of held) {
      const visit = await lockVisit(tx, { siteId: screening.siteId, visitId: screening.visitId });
      if (visit?.state !== 'screening') continue;
      await raiseAlertInTx(tx, { visit, kind: 'screening', staffId: null, now: new Date() });
    }
  },
};

const NOT_WAITING = {
  field: 'visitId',
  key: 'visitId.not_screening',
  message:
    'This visitor is no longer waiting for a screening decision (someone may have decided already). Nothing was changed.',
};

/** What the coordinator tells reception to do, shown when the decision is recorded. */
export const receptionInstruction: Record<ScreeningDecision, string> = {
  admitted: 'The visit goes on as normal: reception finds the visitor an escort as usual.',
  refused:
    'The visit is ended. Reception has an alert on the board: tell the visitor calmly that the visit cannot go ahead today, without saying why or mentioning anyone here, and collect the badge. If they will not leave or anyone feels unsafe, call the police.',
};

/**
 * A coordinator admits (the visit goes on, waiting for an escort as any other) or refuses (the visit ends) a visitor
 * held in screening, with a reason kept encrypted with the screening. Audited; the screening alert is acknowledged.
 */
export function decideScreening(
  db: Db,
  params: {
    siteId: string;
    visitId: string;
    decision: ScreeningDecision;
    reason: string;
    staffId: string;
    now: Date;
  },
) {
  return db.transaction(async (tx) => {
    const visit = await lockVisit(tx, { siteId: params.siteId, visitId: params.visitId });
    if (!visit) throw new DomainError('NOT_FOUND', 'That visit is not at this site.');
    const from = visitState.parse(visit.state);
    if (from !== 'screening') throw new DomainError('CONFLICT', NOT_WAITING);
    const decided = await decideVisitScreening(tx, {
      visitId: visit.id,
      siteId: params.siteId,
      decision: params.decision,
      staffId: params.staffId,
      note: params.reason,
      at: params.now,
    });
    if (!decided) throw new DomainError('CONFLICT', NOT_WAITING);
    const state = transition(from, params.decision === 'admitted' ? 'clear_screening' : 'sign_out');
    await setVisitState(tx, {
      visitId: visit.id,
      state,
      ...(params.decision === 'refused' ? { signedOutAt: params.now } : {}),
    });
    const actor = { type: 'staff' as const, id: params.staffId };
    const scope = { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id };
    await writeAudit(tx, actor, scope, { type: 'screening.decided', data: { decision: params.decision } });
    const alertId = await openScreeningAlert(tx, { visitId: visit.id });
    if (alertId) {
      await acknowledgeAlertRow(tx, {
        siteId: params.siteId,
        alertId,
        staffId: params.staffId,
        note: params.decision === 'admitted' ? 'Admitted after screening' : 'Refused after screening',
        at: params.now,
      });
      await writeAudit(tx, actor, scope, { type: 'alert.acknowledged', data: { alertId, kind: 'screening' } });
    }
    // An admitted visitor's typed host is matched (and assigned if they may escort) as after any sign-in; a refused
    // one is shown to the desk as an alert saying what to do (and why not, never).
    if (params.decision === 'admitted') await afterCommit(tx, [{ kind: 'host_match', payload: { visitId: visit.id } }]);
    else await raiseAlertInTx(tx, { visit, kind: 'screening_refused', staffId: params.staffId, now: params.now });
    await signalVisitChange(tx, visit, []);
    return { visitId: visit.id, state, instruction: receptionInstruction[params.decision] };
  });
}

/**
 * Visitors at a site waiting for a screening decision, with the entries they matched (aliases and date of birth
 * included: the kiosk never asks a visitor's, so the coordinator judges a namesake with the visitor in front of
 * reception), or why they are held.
 */
export async function pendingScreenings(db: DbOrTx, params: { siteId: string; organisationId: string }) {
  const rows = await listPendingScreenings(db, { siteId: params.siteId });
  const entryIds = [...new Set(rows.flatMap((r) => r.matchedEntryIds))];
  const entries = new Map(
    (await denyEntryNames(db, { organisationId: params.organisationId, entryIds })).map((e) => [e.id, e]),
  );
  return rows.map((r) => ({
    visitId: r.visitId,
    visitCode: r.visitCode,
    visitorName: r.visitorName,
    signedInAt: r.signedInAt,
    outcome: r.outcome === 'match' ? ('match' as const) : ('check_failed' as const),
    matches: r.matchedEntryIds.flatMap((id) => {
      const entry = entries.get(id);
      return entry
        ? [
            {
              entryId: id,
              fullName: entry.fullName,
              aliases: entry.aliases,
              dateOfBirth: entry.dateOfBirth,
              reason: entry.reason,
            },
          ]
        : [];
    }),
  }));
}
