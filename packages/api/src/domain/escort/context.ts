import {
  type DbOrTx,
  type EscortFacts,
  getActiveStaffWithRoles,
  getEscortFacts,
  getOpenAssignment,
  insertOutboxMessage,
  type LiveEvent,
  lockEscortEmails,
  lockUnsentEscortEmail,
  lockVisit,
} from '@threshold/db';
import { type VisitState, visitState } from '@threshold/validators';
import { publishLive } from '../../live/publish.ts';
import { DomainError } from '../errors.ts';
import { describeIneligibility, escortIneligibility } from './eligibility.ts';

/** The visit (locked for this transaction), its state and its open assignment, or NOT_FOUND. */
export async function loadVisitForChange(tx: DbOrTx, params: { siteId: string; visitId: string }) {
  const visit = await lockVisit(tx, params);
  if (!visit) throw new DomainError('NOT_FOUND', 'There is no such visit at this site.');
  const state: VisitState = visitState.parse(visit.state);
  const assignment = await getOpenAssignment(tx, { visitId: visit.id });
  return { visit, state, assignment };
}

export async function isEligibleEscort(db: DbOrTx, params: { siteId: string; staffId: string; now: Date }) {
  const [facts] = await getEscortFacts(db, { siteId: params.siteId, staffIds: [params.staffId] });
  return facts !== undefined && escortIneligibility(facts, params.now).length === 0;
}

/** Refuses, naming every reason, unless this member of staff may escort at the site now. */
export async function requireEligibleEscort(tx: DbOrTx, params: { siteId: string; staffId: string; now: Date }) {
  const [facts] = await getEscortFacts(tx, { siteId: params.siteId, staffIds: [params.staffId] });
  if (!facts) throw new DomainError('NOT_FOUND', 'That member of staff does not work at this site.');
  const reasons = escortIneligibility(facts, params.now);
  if (reasons.length > 0)
    throw new DomainError('CONFLICT', `${facts.name} cannot escort: ${describeIneligibility(reasons)}`);
  return facts satisfies EscortFacts;
}

/** The live events for a changed visit: one per escort involved, so each escort's phone hears of it; ids only. */
export function visitChangeEvents(
  visit: { organisationId: string; siteId: string; id: string },
  staffIds: (string | null | undefined)[],
): LiveEvent[] {
  const involved = [...new Set(staffIds.filter((s): s is string => Boolean(s)))];
  const base = {
    type: 'visit' as const,
    organisationId: visit.organisationId,
    siteId: visit.siteId,
    visitId: visit.id,
  };
  return involved.length === 0 ? [base] : involved.map((staffId) => ({ ...base, staffId }));
}

/** Tells every server process (live board, escort phones) that a visit changed, after commit (live/publish.ts). */
export async function signalVisitChange(
  tx: DbOrTx,
  visit: { organisationId: string; siteId: string; id: string },
  staffIds: (string | null | undefined)[],
) {
  await publishLive(tx, visitChangeEvents(visit, staffIds));
}

/**
 * Queues the "a visitor needs you" email to the escort (first name and initial only; see mail templates). At most
 * one waits unsent per escort and site: it lists, when it is sent, everyone waiting for them then, so a flood of
 * sign-ins naming one escort sends them one email, not one each. A message a sender is handling now is left alone
 * (it may already be written), and a new one follows it.
 */
export async function queueEscortEmail(
  tx: DbOrTx,
  visit: { organisationId: string; siteId: string; id: string },
  staffId: string,
) {
  const escort = await getActiveStaffWithRoles(tx, { staffId });
  if (!escort) return;
  await lockEscortEmails(tx, { staffId });
  if (await lockUnsentEscortEmail(tx, { staffId, siteId: visit.siteId, template: 'escort_assigned' })) return;
  await insertOutboxMessage(tx, {
    organisationId: visit.organisationId,
    siteId: visit.siteId,
    visitId: visit.id,
    template: 'escort_assigned',
    toAddress: escort.email,
    payload: { staffId, siteId: visit.siteId },
  });
}
