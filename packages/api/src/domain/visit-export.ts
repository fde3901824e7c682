import { type Db, listVisitsForExport } from '@threshold/db';
import { writeAudit } from './audit.ts';
import { csvHeader, csvLine } from './csv.ts';

const COLUMNS = [
  'visit_id',
  'site_id',
  'visitor_name',
  'visitor_organisation',
  'category',
  'purpose',
  'host',
  'state',
  'signed_in_at',
  'signed_out_at',
  'form_version',
] as const;

/** The visits of some sites in a period as CSV. Every export is audited (who, which period, how many). */
export async function exportVisitsCsv(
  db: Db,
  params: {
    organisationId: string;
    siteIds: string[];
    from: Date;
    to: Date;
    actor: { type: 'staff'; id: string } | { type: 'system'; id: null };
    via: 'cli' | 'admin';
  },
): Promise<{ csv: string; count: number }> {
  return db.transaction(async (tx) => {
    const rows = await listVisitsForExport(tx, { siteIds: params.siteIds, from: params.from, to: params.to });
    const lines = [
      csvHeader(COLUMNS),
      ...rows.map((r) =>
        csvLine([
          r.id,
          r.siteId,
          r.visitorName,
          r.visitorOrganisation,
          r.category,
          r.purpose,
          r.hostName,
          r.state,
          r.signedInAt.toISOString(),
          r.signedOutAt?.toISOString() ?? null,
          r.formVersion,
        ]),
      ),
    ];
    await writeAudit(
      tx,
      params.actor,
      {
        organisationId: params.organisationId,
        siteId: params.siteIds.length === 1 ? (params.siteIds[0] ?? null) : null,
      },
      {
        type: 'visits.exported',
        data: { from: params.from.toISOString(), to: params.to.toISOString(), count: rows.length, via: params.via },
      },
    );
    return { csv: lines.join(''), count: rows.length };
  });
}
