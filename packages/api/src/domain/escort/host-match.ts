import { findActiveStaffAtSiteByName, getVisitHost, setVisitHostStaff, type Tx } from '@threshold/db';
import { writeAudit } from '../audit.ts';
import { DomainError } from '../errors.ts';
import { assignEscortInTx } from './assignment.ts';
import { isEligibleEscort, loadVisitForChange, signalVisitChange } from './context.ts';

/**
 * Matches the host a visitor typed to a member of staff and, when that person may escort now, assigns them (audited
 * with how: 'host_match', and emailed). It runs after the sign-in has committed, from the after-commit outbox, so
 * the kiosk's answer and its timing are the same whether or not the name matched anyone: a person at the kiosk
 * cannot learn who works here by trying names.
 *
 * Idempotent (a retried row finds the host recorded and the visit assigned). It never replaces an escort the desk
 * chose meanwhile, and a visit no longer awaiting an escort is left alone.
 */
export async function matchHostAfterSignIn(tx: Tx, params: { visitId: string; now: Date }): Promise<void> {
  const typed = await getVisitHost(tx, params);
  // Only a kiosk sign-in has a typed host; the kiosk stays the actor of the assignment it caused.
  if (!typed?.hostName || !typed.kioskDeviceId) return;
  const kioskId = typed.kioskDeviceId;
  const staffId = await findActiveStaffAtSiteByName(tx, { siteId: typed.siteId, name: typed.hostName });
  if (!staffId) return;
  if (typed.hostStaffId === null) {
    await setVisitHostStaff(tx, { visitId: typed.id, staffId });
    await writeAudit(
      tx,
      { type: 'kiosk', id: kioskId },
      { organisationId: typed.organisationId, siteId: typed.siteId, visitId: typed.id },
      { type: 'visit.host_matched', data: { staffId } },
    );
  }
  // A savepoint: a refusal (eligibility lapsing at this moment) must not spoil the drain's other rows.
  await tx
    .transaction(async (sp) => {
      const { visit, state, assignment } = await loadVisitForChange(sp, { siteId: typed.siteId, visitId: typed.id });
      if (state !== 'awaiting_escort' || assignment) return;
      if (!(await isEligibleEscort(sp, { siteId: typed.siteId, staffId, now: params.now }))) return;
      await assignEscortInTx(sp, {
        siteId: typed.siteId,
        visitId: visit.id,
        staffId,
        actor: { type: 'kiosk', id: kioskId },
        how: 'host_match',
        now: params.now,
      });
      await signalVisitChange(sp, visit, [staffId]);
    })
    .catch((err: unknown) => {
      if (!(err instanceof DomainError)) throw err;
    });
}
