import { type Db, getVisitDetail } from '@threshold/db';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';

/** Reads a visit for a member of staff and records that they looked, in the same transaction. */
export async function viewVisitDetail(db: Db, params: { siteId: string; visitId: string; staffId: string }) {
  return db.transaction(async (tx) => {
    const found = await getVisitDetail(tx, { siteId: params.siteId, visitId: params.visitId });
    if (!found) throw new DomainError('NOT_FOUND', 'There is no such visit at this site.');
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: found.organisationId, siteId: found.siteId, visitId: found.id },
      { type: 'visit.viewed', data: { what: 'detail' } },
    );
    const { signature, ...visit } = found;
    if (!signature) return { ...visit, signature: null };
    const { signaturePng, ...signed } = signature;
    return {
      ...visit,
      signature: { ...signed, imageDataUrl: `data:image/png;base64,${signaturePng.toString('base64')}` },
    };
  });
}
