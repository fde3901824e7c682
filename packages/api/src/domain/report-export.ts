import { randomUUID } from 'node:crypto';
import {
  countVisitsForExport,
  type Db,
  type DbOrTx,
  type ExceptionContext,
  type ExportBounds,
  type ExportRow,
  exceptionKindsOf,
  findExportStart,
  getReportSite,
  listVisitsForExportPage,
  periodInstants,
  transactionStart,
} from '@threshold/db';
import { type ExportCursor, type ExportReason, logExceptionLabels } from '@threshold/validators';
import { writeAudit } from './audit.ts';
import { type CsvValue, csvHeader, csvLine } from './csv.ts';
import { DomainError } from './errors.ts';
import { exceptionContextOf } from './visit-log.ts';

/** Rows per page: small enough for a quick response, large enough that 5,000 rows take ten requests. */
export const EXPORT_PAGE_SIZE = 500;
/** How long after starting an export its pages may be fetched. */
export const EXPORT_VALID_MS = 60 * 60 * 1000;

/**
 * What a coordinator needs to review a period: when, who, in what capacity, who escorted them and how fast, what
 * they signed and acknowledged, and what went wrong (the visit log's exceptions, by their names, and the alerts
 * raised). Purpose and host are left out (not needed for the review). Times are in the site's time zone. The
 * admin's download and the server's CLI both come through here.
 */
function columnsFor(targetMinutes: number): string[] {
  return [
    'date',
    'signed_in',
    'signed_out',
    'visitor_name',
    'visitor_organisation',
    'category',
    'state',
    'escorts',
    'minutes_to_escort_confirmation',
    `escort_confirmed_within_${targetMinutes}_min`,
    'form_version',
    'acknowledged',
    'exceptions',
    'alerts',
    'visit_id',
  ];
}

type ReportSite = NonNullable<Awaited<ReturnType<typeof getReportSite>>>;

function cellsOf(row: ExportRow, site: ReportSite, context: ExceptionContext): CsvValue[] {
  const minutes = row.minutesToConfirm;
  return [
    row.date,
    row.signedIn,
    row.signedOut,
    row.visitorName,
    row.visitorOrganisation,
    row.category,
    row.state,
    row.escorts,
    minutes === null ? null : Math.round(minutes * 10) / 10,
    minutes !== null && minutes <= site.targetMinutes ? 'yes' : 'no',
    row.formVersion,
    row.acknowledged,
    exceptionKindsOf(row, context)
      .map((kind) => logExceptionLabels[kind])
      .join('; '),
    row.alerts.length > 0 ? row.alerts.join('; ') : null,
    row.id,
  ];
}

async function siteOrNotFound(db: DbOrTx, siteId: string) {
  const site = await getReportSite(db, { siteId });
  if (!site) throw new DomainError('NOT_FOUND', 'There is no such site.');
  return site;
}

/** Who started an export: a coordinator in the admin, or the server's operator at its command line. */
type ExportStarter = { via: 'admin'; staffId: string } | { via: 'cli' };

/**
 * Starts an export of a period's visits at one site: counts the rows and records the export (who, which period,
 * how many, why) with a fresh export id, in one transaction.
 */
async function beginExport(
  db: Db,
  params: { siteId: string; from: string; to: string; reason: ExportReason; by: ExportStarter },
) {
  return db.transaction(async (tx) => {
    const site = await siteOrNotFound(tx, params.siteId);
    const period = { siteId: params.siteId, from: params.from, to: params.to, timeZone: site.timeZone };
    const { start, end } = await periodInstants(tx, period);
    // The audit row's occurred_at is this same instant, so every page is bounded by what was counted here.
    const startedAt = await transactionStart(tx);
    const bounds: ExportBounds = { siteId: params.siteId, start, end, startedAt };
    const total = await countVisitsForExport(tx, bounds);
    const exportId = randomUUID();
    const { by } = params;
    await writeAudit(
      tx,
      by.via === 'admin' ? { type: 'staff', id: by.staffId } : { type: 'system', id: null },
      { organisationId: site.organisationId, siteId: params.siteId },
      {
        type: 'visits.exported',
        data: { from: start, to: end, count: total, via: by.via, exportId, reason: params.reason },
      },
    );
    return {
      exportId,
      total,
      pageSize: EXPORT_PAGE_SIZE,
      filename: `visits-${params.from}-to-${params.to}.csv`,
      header: csvHeader(columnsFor(site.targetMinutes)),
      bounds,
    };
  });
}

/** A coordinator's export from the admin; its pages are then fetched with `exportVisitPage`. */
export async function startVisitExport(
  db: Db,
  params: { siteId: string; staffId: string; from: string; to: string; reason: ExportReason },
) {
  const { staffId, ...period } = params;
  const { bounds: _bounds, ...started } = await beginExport(db, { ...period, by: { via: 'admin', staffId } });
  return started;
}

/** One page of CSV records within an export's bounds; `next` is null on the last page. */
async function pageOf(db: DbOrTx, site: ReportSite, bounds: ExportBounds, after: ExportCursor | null) {
  // Exceptions are measured as of the export's start, so a long download measures every page alike.
  const { context } = await exceptionContextOf(db, { siteId: bounds.siteId, now: new Date(bounds.startedAt) });
  const rows = await listVisitsForExportPage(db, { ...bounds, ...context, after, limit: EXPORT_PAGE_SIZE });
  const last = rows.at(-1);
  return {
    csv: rows.map((r) => csvLine(cellsOf(r, site, context))).join(''),
    rows: rows.length,
    next: rows.length === EXPORT_PAGE_SIZE && last ? { at: last.at, id: last.id } : null,
  };
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
  return pageOf(db, site, bounds, params.after);
}

/**
 * The whole export as one CSV, for the server's command line: started and audited exactly as the admin's
 * (same columns, site time zone, same audit row with `via: 'cli'`), then read page by page.
 */
export async function exportVisitsCsv(
  db: Db,
  params: { siteId: string; from: string; to: string; reason: ExportReason },
): Promise<{ csv: string; count: number }> {
  const started = await beginExport(db, { ...params, by: { via: 'cli' } });
  const site = await siteOrNotFound(db, params.siteId);
  const parts = [started.header];
  let after: ExportCursor | null = null;
  do {
    const page = await pageOf(db, site, started.bounds, after);
    parts.push(page.csv);
    after = page.next;
  } while (after);
  return { csv: parts.join(''), count: started.total };
}
