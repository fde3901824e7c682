import { createHash } from 'node:crypto';
import { countVisitsInPeriod, type Db, type DbOrTx, insertLogReview, searchVisitLog } from '@threshold/db';
import { type LogExceptionKind, noExceptions } from '@threshold/validators';
import { writeAudit } from './audit.ts';
import { localDate } from './document-review.ts';
import { DomainError } from './errors.ts';
import { exceptionContextOf } from './visit-log.ts';

/** The most exception visits one report lists; a busier period is reviewed in shorter parts. */
const MAX_REPORT_EXCEPTIONS = 2000;

export interface LogPeriod {
  siteId: string;
  from: string;
  to: string;
}

/**
 * The exception report of a period of site-local days: how many visits, how many of each kind of exception, every
 * visit with one, and a digest of all that. A sign-off must quote the digest of the report it was made on.
 */
async function buildReport(tx: DbOrTx, period: LogPeriod, now: Date) {
  const { site, context } = await exceptionContextOf(tx, { siteId: period.siteId, now });
  const today = localDate(now, site.timezone);
  if (period.to > today) {
    throw new DomainError('BAD_REQUEST', {
      field: 'to',
      key: 'to.future',
      message: `The period cannot end after today (${today} at this site).`,
      params: { today },
    });
  }
  const visitCount = await countVisitsInPeriod(tx, { ...period, timeZone: site.timezone });
  const rows = await searchVisitLog(tx, {
    ...context,
    ...period,
    exception: 'any',
    limit: MAX_REPORT_EXCEPTIONS + 1,
  });
  if (rows.length > MAX_REPORT_EXCEPTIONS) {
    throw new DomainError(
      'BAD_REQUEST',
      `More than ${MAX_REPORT_EXCEPTIONS.toLocaleString('en')} visits in this period have exceptions: review a shorter period.`,
    );
  }
  const visits = rows.map(({ cursor: _cursor, ...v }) => v);
  const counts: Record<LogExceptionKind, number> = noExceptions();
  for (const v of visits) for (const kind of v.exceptions) counts[kind] += 1;
  const digest = createHash('sha256')
    .update(
      JSON.stringify({
        ...period,
        visitCount,
        visits: visits.map((v) => [v.id, v.exceptions] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
      }),
    )
    .digest('hex');
  return { site, report: { ...period, visitCount, counts, visits, digest } };
}

/** The exception report of a period for a coordinator, its viewing recorded (dates and counts only). */
export async function viewExceptionReport(db: Db, params: LogPeriod & { staffId: string; now: Date }) {
  const { staffId, now, ...period } = params;
  return db.transaction(async (tx) => {
    const { site, report } = await buildReport(tx, period, now);
    await writeAudit(
      tx,
      { type: 'staff', id: staffId },
      { organisationId: site.organisationId, siteId: site.id },
      {
        type: 'log_review.report_viewed',
        data: { from: period.from, to: period.to, visits: report.visitCount, exceptionVisits: report.visits.length },
      },
    );
    return report;
  });
}

/**
 * A coordinator's sign-off of a period, against the report they saw: the server builds the report again and refuses
 * when it no longer matches (a visit signed out, a new exception), so nobody attests to a report they have not seen.
 */
export async function signOffLogReview(
  db: Db,
  params: LogPeriod & { staffId: string; digest: string; note: string; now: Date },
) {
  const { staffId, digest, note, now, ...period } = params;
  return db.transaction(async (tx) => {
    const { site, report } = await buildReport(tx, period, now);
    if (report.digest !== digest) {
      const withExceptions = report.visits.length;
      throw new DomainError(
        'CONFLICT',
        `The exception report for this period has changed since you opened it: it now has ${report.visitCount} ` +
          `visits, ${withExceptions} of them with exceptions. Look at the new report before signing off.`,
      );
    }
    const review = await insertLogReview(tx, {
      organisationId: site.organisationId,
      siteId: site.id,
      periodFrom: period.from,
      periodTo: period.to,
      visitCount: report.visitCount,
      exceptions: report.counts,
      note,
      signedOffByStaffId: staffId,
      signedOffAt: now,
    });
    await writeAudit(
      tx,
      { type: 'staff', id: staffId },
      { organisationId: site.organisationId, siteId: site.id },
      {
        type: 'log_review.signed_off',
        data: {
          reviewId: review.id,
          from: period.from,
          to: period.to,
          visits: report.visitCount,
          exceptions: report.counts,
        },
      },
    );
    return review;
  });
}
