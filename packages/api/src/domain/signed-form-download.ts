import { type Db, getSignedFormRecord, lockVisit } from '@threshold/db';
import { renderSignedFormPdf } from '../documents/signed-form-pdf.ts';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';

/** A visit's signed form as a PDF (document version, SHA-256, signature, times) for a coordinator. Audited. */
export async function downloadSignedForm(db: Db, params: { siteId: string; visitId: string; staffId: string }) {
  return db.transaction(async (tx) => {
    const visit = await lockVisit(tx, { siteId: params.siteId, visitId: params.visitId });
    if (!visit) throw new DomainError('NOT_FOUND', 'There is no such visit at this site.');
    const record = await getSignedFormRecord(tx, { visitId: visit.id });
    if (!record?.signature) throw new DomainError('NOT_FOUND', 'No signed form is recorded for this visit.');
    const pdf = await renderSignedFormPdf(record);
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
      { type: 'visit.viewed', data: { what: 'signed_form' } },
    );
    return { filename: 'signed-confidentiality-form.pdf', base64: Buffer.from(pdf).toString('base64') };
  });
}
