import {
  type Db,
  getEscortFacts,
  getStaffPinHash,
  insertStaffPolicyAcknowledgement,
  insertTraining,
  listCurrentStaffPolicies,
} from '@threshold/db';
import { writeAudit } from '../audit.ts';
import { DomainError } from '../errors.ts';
import { escortIneligibility, ineligibilityReasons } from './eligibility.ts';

/** Each member of staff at a site with whether they can escort now and, if not, why (for assigning). */
export async function listEscortsWithEligibility(db: Db, params: { siteId: string; now: Date }) {
  const facts = await getEscortFacts(db, { siteId: params.siteId });
  return facts
    .filter((f) => f.isEscort)
    .map((f) => {
      const reasons = escortIneligibility(f, params.now);
      return {
        staffId: f.staffId,
        name: f.name,
        onDuty: f.onDuty,
        trainedOn: f.trainedOn,
        eligible: reasons.length === 0,
        reasons: reasons.map((r) => ({ code: r, text: ineligibilityReasons[r] })),
      };
    });
}

/** What a member of staff needs to know about themselves at a site: eligibility, duty, PIN, the policy to accept. */
export async function myEscortStatus(db: Db, params: { staffId: string; siteId: string; now: Date }) {
  const [facts] = await getEscortFacts(db, { siteId: params.siteId, staffIds: [params.staffId] });
  if (!facts) throw new DomainError('NOT_FOUND', 'You do not work at this site.');
  const reasons = escortIneligibility(facts, params.now);
  const policies = await listCurrentStaffPolicies(db, { siteId: params.siteId });
  return {
    onDuty: facts.onDuty,
    trainedOn: facts.trainedOn,
    hasPin: (await getStaffPinHash(db, { staffId: params.staffId })) !== null,
    eligible: reasons.length === 0,
    reasons: reasons.map((r) => ({ code: r, text: ineligibilityReasons[r] })),
    policyAcknowledged: facts.acknowledgedCurrentPolicy,
    policies,
  };
}

/** A member of staff accepts the current version of the staff policy themselves. */
export async function acknowledgeStaffPolicy(
  db: Db,
  params: { staffId: string; organisationId: string; siteId: string; documentId: string; now: Date },
) {
  const current = await listCurrentStaffPolicies(db, { siteId: params.siteId });
  if (!current.some((d) => d.id === params.documentId)) {
    throw new DomainError('CONFLICT', 'That is not the current staff policy. Reload and read the current version.');
  }
  await db.transaction(async (tx) => {
    await insertStaffPolicyAcknowledgement(tx, {
      staffId: params.staffId,
      documentId: params.documentId,
      at: params.now,
    });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: params.organisationId, siteId: params.siteId },
      { type: 'staff.policy_acknowledged', data: { documentId: params.documentId } },
    );
  });
}

/** A coordinator or admin records a completed safeguarding training for someone at their site. */
export async function recordTraining(
  db: Db,
  params: {
    staffId: string;
    byStaffId: string;
    organisationId: string;
    siteId: string;
    completedOn: string;
    now: Date;
  },
) {
  if (params.completedOn > params.now.toISOString().slice(0, 10)) {
    throw new DomainError('BAD_REQUEST', {
      field: 'completedOn',
      key: 'completedOn.future',
      message: 'Training cannot be recorded for a future date',
    });
  }
  const [facts] = await getEscortFacts(db, { siteId: params.siteId, staffIds: [params.staffId] });
  if (!facts) throw new DomainError('NOT_FOUND', 'That member of staff does not work at this site.');
  await db.transaction(async (tx) => {
    await insertTraining(tx, { staffId: params.staffId, completedOn: params.completedOn });
    await writeAudit(
      tx,
      { type: 'staff', id: params.byStaffId },
      { organisationId: params.organisationId, siteId: params.siteId },
      { type: 'staff.training_recorded', data: { staffId: params.staffId, completedOn: params.completedOn } },
    );
  });
}
