import { type Db, getVisitDetail, listAssignmentsForVisit } from '@threshold/db';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';
import { unescortedSeconds } from './escort/unescorted.ts';

/**
 * Reads a visit for a member of staff — with its signed form, its escorts and the time it spent unescorted — and
 * records that they looked, in the same transaction.
 */
export async function viewVisitDetail(db: Db, params: { siteId: string; visitId: string; staffId: string; now: Date }) {
  return db.transaction(async (tx) => {
    const found = await getVisitDetail(tx, { siteId: params.siteId, visitId: params.visitId });
    if (!found) throw new DomainError('NOT_FOUND', 'There is no such visit at this site.');
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: found.organisationId, siteId: found.siteId, visitId: found.id },
      { type: 'visit.viewed', data: { what: 'detail' } },
    );
    const escorts = await listAssignmentsForVisit(tx, { visitId: found.id });
    const escorting = { escorts, unescortedSeconds: unescortedSeconds(found, escorts, params.now) };
    const { signature, ...visit } = found;
    if (!signature) return { ...visit, ...escorting, signature: null };
    const { signaturePng, ...signed } = signature;
    return {
      ...visit,
      ...escorting,
      signature: { ...signed, imageDataUrl: `data:image/png;base64,${signaturePng.toString('base64')}` },
    };
  });
}
