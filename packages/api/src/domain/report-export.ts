import { randomUUID } from 'node:crypto';
import {
  countVisitsForExport,
  type Db,
  type DbOrTx,
  type ExportRow,
  findExportStart,
  getReportSite,
  listVisitsForExportPage,
  periodInstants,
  transactionStart,
} from '@threshold/db';
import type { ExportCursor, ExportReason } from '@threshold/validators';
import { writeAudit } from './audit.ts';
import { type CsvValue, csvHeader, csvLine } from './csv.ts';
import { DomainError } from './errors.ts';

/** Rows per page: small enough for a quick response, large enough that 5,000 rows take ten requests. */
export const EXPORT_PAGE_SIZE = 500;
/** How long after starting an export its pages may be fetched. */
export const EXPORT_VALID_MS = 60 * 60 * 1000;

/**
 * What a coordinator needs to review a period: when, who, in what capacity, who escorted them and how fast, what
 * they signed and acknowledged, and what went wrong. Purpose and host are left out (not needed for the review).
 * Times are in the site's time zone.
 */
function columnsFor(targetMinutes: number): string[] {
  return [
    'date',
    'signed_in',
    'signed_out',
    'visitor_name',
    'visitor_organisation',
    'category',
    'escorts',
    'minutes_to_escort_confirmation',
    `escort_confirmed_within_${targetMinutes}_min`,
    'form_version',
    'acknowledged',
    'exceptions',
    'visit_id',
  ];
}

/** What went wrong on a visit, in words a coordinator can filter on. */
export function exceptionsOf(row: ExportRow, targetMinutes: number): string[] {
  const found: string[] = [];
  if (row.formVersion === null) found.push('form not signed');
  if (!row.noPhotography) found.push('no-photography not acknowledged');
  if (row.minutesToConfirm === null) found.push('no escort confirmed');
  else if (row.minutesToConfirm > targetMinutes) found.push('escort confirmed late');
  if (row.state === 'screening') found.push('held for screening');
  if (row.state === 'departure_unconfirmed') found.push('departure unconfirmed');
  for (const kind of row.alerts) found.push(`alert: ${kind}`);
  return found;
}

function cellsOf(row: ExportRow, targetMinutes: number): CsvValue[] {
  const minutes = row.minutesToConfirm;
  return [
    row.date,
    row.signedIn,
    row.signedOut,
    row.visitorName,
    row.visitorOrganisation,
    row.category,
    row.escorts,
    minutes === null ? null : Math.round(minutes * 10) / 10,
    minutes !== null && minutes <= targetMinutes ? 'yes' : 'no',
    row.formVersion,
    row.acknowledged,
    exceptionsOf(row, targetMinutes).join('; '),
    row.id,
  ];
}

async function siteOrNotFound(db: DbOrTx, siteId: string) {
  const site = await getReportSite(db, { siteId });
  if (!site) throw new DomainError('NOT_FOUND', 'There is no such site.');
  return site;
}

/**
 * Starts an export of a period's visits at one site: counts the rows and records the export (who, which period,
 * how many, why) with a fresh export id, in one transaction. Pages are then fetched with `exportVisitPage`.
 */
export async function startVisitExport(
  db: Db,
  params: { siteId: string; staffId: string; from: string; to: string; reason: ExportReason },
) {
  return db.transaction(async (tx) => {
    const site = await siteOrNotFound(tx, params.siteId);
    const period = { siteId: params.siteId, from: params.from, to: params.to, timeZone: site.timeZone };
    const { start, end } = await periodInstants(tx, period);
    // The audit row's occurred_at is this same instant, so every page is bounded by what was counted here.
    const startedAt = await transactionStart(tx);
    const total = await countVisitsForExport(tx, { siteId: params.siteId, start, end, startedAt });
    const exportId = randomUUID();
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: site.organisationId, siteId: params.siteId },
      {
        type: 'visits.exported',
        data: { from: start, to: end, count: total, via: 'admin', exportId, reason: params.reason },
      },
    );
    return {
      exportId,
      total,
      pageSize: EXPORT_PAGE_SIZE,
      filename: `visits-${params.from}-to-${params.to}.csv`,
      header: csvHeader(columnsFor(site.targetMinutes)),
    };
  });
}

/**
 * One page of CSV records of an export this member of staff started at this site within the last hour; anyone
 * else's export id, or an expired one, is not found. `next` is null on the last page.
 */
export async function exportVisitPage(
  db: Db,
  params: { siteId: string; staffId: string; exportId: string; after: ExportCursor | null; now: Date },
) {
  const site = await siteOrNotFound(db, params.siteId);
  const bounds = await findExportStart(db, {
    organisationId: site.organisationId,
    siteId: params.siteId,
    staffId: params.staffId,
    exportId: params.exportId,
    since: new Date(params.now.getTime() - EXPORT_VALID_MS),
  });
  if (!bounds) {
    throw new DomainError('NOT_FOUND', 'This export has expired or was started by someone else. Start it again.');
  }
  const rows = await listVisitsForExportPage(db, {
    ...bounds,
    timeZone: site.timeZone,
    after: params.after,
    limit: EXPORT_PAGE_SIZE,
  });
  const last = rows.at(-1);
  return {
    csv: rows.map((r) => csvLine(cellsOf(r, site.targetMinutes))).join(''),
    rows: rows.length,
    next: rows.length === EXPORT_PAGE_SIZE && last ? { at: last.at, id: last.id } : null,
  };
}
