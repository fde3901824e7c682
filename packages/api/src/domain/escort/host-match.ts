import {
  findActiveStaffAtSitesByName,
  getEscortFacts,
  hostNameKey,
  lockVisitsForHostMatch,
  setVisitHostStaffMany,
  type Tx,
} from '@threshold/db';
import { writeAudits } from '../audit.ts';
import { DomainError } from '../errors.ts';
import { assignEscortInTx } from './assignment.ts';
import { signalVisitChange } from './context.ts';
import { escortIneligibility } from './eligibility.ts';

/**
 * Matches the host each visitor typed to a member of staff and, when that person may escort now, assigns them
 * (audited with how: 'host_match', and emailed). It runs after the sign-in has committed, from the after-commit
 * outbox, so the kiosk's answer and its timing are the same whether or not the name matched anyone: a person at the
 * kiosk cannot learn who works here by trying names.
 *
 * All the visits of one drain are looked up, matched, recorded and audited in a statement each (not a handful per
 * visit); only an assignment, which may be refused, runs per visit.
 *
 * Idempotent (a retried row finds the host recorded and the visit assigned). It never replaces an escort the desk
 * chose meanwhile, and a visit no longer awaiting an escort is left alone.
 */
export async function matchHostsAfterSignIn(tx: Tx, params: { visitIds: string[]; now: Date }): Promise<void> {
  // Only a kiosk sign-in has a typed host; the kiosk stays the actor of the assignment it caused.
  const order = [...new Set(params.visitIds)];
  // Locked in id order; handled in the order they were queued (sign-in order), as one at a time would be.
  const visits = (await lockVisitsForHostMatch(tx, { visitIds: order })).sort(
    (a, b) => order.indexOf(a.id) - order.indexOf(b.id),
  );
  const staffByName = await findActiveStaffAtSitesByName(tx, {
    wanted: visits.map((v) => ({ siteId: v.siteId, name: v.hostName })),
  });
  const matched = visits.flatMap((v) => {
    const staffId = staffByName.get(hostNameKey(v.siteId, v.hostName));
    return staffId ? [{ ...v, staffId }] : [];
  });
  const newlyMatched = matched.filter((v) => v.hostStaffId === null);
  await setVisitHostStaffMany(tx, { matches: newlyMatched.map((v) => ({ visitId: v.id, staffId: v.staffId })) });
  await writeAudits(
    tx,
    newlyMatched.map((v) => ({
      actor: { type: 'kiosk' as const, id: v.kioskDeviceId },
      scope: { organisationId: v.organisationId, siteId: v.siteId, visitId: v.id },
      event: { type: 'visit.host_matched' as const, data: { staffId: v.staffId } },
    })),
  );
  const waiting = matched.filter((v) => v.state === 'awaiting_escort' && v.assignedStaffId === null);
  const eligible = await eligibleNow(tx, waiting, params.now);
  for (const v of waiting) {
    if (!eligible.has(`${v.siteId} ${v.staffId}`)) continue;
    // A savepoint: a refusal (eligibility lapsing at this moment) must not spoil the drain's other visits.
    await tx
      .transaction(async (sp) => {
        await assignEscortInTx(sp, {
          siteId: v.siteId,
          visitId: v.id,
          staffId: v.staffId,
          actor: { type: 'kiosk', id: v.kioskDeviceId },
          how: 'host_match',
          now: params.now,
        });
        await signalVisitChange(sp, v, [v.staffId]);
      })
      .catch((err: unknown) => {
        if (!(err instanceof DomainError)) throw err;
      });
  }
}

/** Which (site, staff) pairs may escort now: one facts lookup per site, not per visit. */
async function eligibleNow(tx: Tx, visits: { siteId: string; staffId: string }[], now: Date): Promise<Set<string>> {
  const staffBySite = new Map<string, Set<string>>();
  for (const v of visits) staffBySite.set(v.siteId, (staffBySite.get(v.siteId) ?? new Set()).add(v.staffId));
  const eligible = new Set<string>();
  for (const [siteId, staffIds] of staffBySite) {
    const facts = await getEscortFacts(tx, { siteId, staffIds: [...staffIds] });
    for (const f of facts) if (escortIneligibility(f, now).length === 0) eligible.add(`${siteId} ${f.staffId}`);
  }
  return eligible;
}
