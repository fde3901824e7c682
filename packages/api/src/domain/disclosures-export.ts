import { type Db, getSite } from '@threshold/db';
import { consentLabels, type ExportReason } from '@threshold/validators';
import { staffActor, writeAudit } from './audit.ts';
import { csvHeader, csvLine } from './csv.ts';
import { type DisclosureFilter, disclosureList } from './disclosures.ts';
import { DomainError } from './errors.ts';

const COLUMNS = [
  'received_on',
  'requester_name',
  'requester_role',
  'agency',
  'requested',
  'consent',
  'reason_without_consent',
  'told_on',
  'not_told_reason',
  'released',
  'released_on',
  'decided_by',
  'linked_visits',
  'disclosure_id',
];

/**
 * The register as CSV (through the shared CSV writer, which neutralises formulas in typed text), with the reason
 * and the count recorded in the same transaction as the read.
 */
export async function exportDisclosures(db: Db, params: DisclosureFilter & { staffId: string; reason: ExportReason }) {
  const { staffId, reason, ...filter } = params;
  return db.transaction(async (tx) => {
    const site = await getSite(tx, { siteId: filter.siteId });
    if (!site) throw new DomainError('NOT_FOUND', 'There is no such site.');
    const rows = await disclosureList(tx, filter);
    await writeAudit(
      tx,
      staffActor(staffId),
      { organisationId: site.organisationId, siteId: site.id },
      {
        type: 'disclosures.exported',
        data: {
          count: rows.length,
          reason,
          from: filter.from ?? null,
          to: filter.to ?? null,
          consent: filter.consent ?? null,
        },
      },
    );
    const lines = rows.map((r) =>
      csvLine([
        r.receivedOn,
        r.requesterName,
        r.requesterRole,
        r.agency,
        r.requested,
        consentLabels[r.consent],
        r.reasonWithoutConsent,
        r.toldOn,
        r.notToldReason,
        r.released,
        r.releasedOn,
        r.decidedByName,
        r.visitCount,
        r.id,
      ]),
    );
    return {
      filename: `disclosures-${site.id.slice(0, 8)}.csv`,
      csv: csvHeader(COLUMNS) + lines.join(''),
      count: rows.length,
    };
  });
}
