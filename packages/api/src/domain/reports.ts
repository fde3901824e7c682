import {
  countExceptionsInPeriod,
  countVisitsPerWeek,
  type Db,
  getComplianceCounts,
  getReportSite,
} from '@threshold/db';
import { visitorCategories } from '@threshold/validators';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';
import { exceptionContextOf } from './visit-log.ts';

const DAY_MS = 24 * 3600 * 1000;

/** The Monday (YYYY-MM-DD) of the week holding a calendar day; weeks start on Monday, as date_trunc('week'). */
export function mondayOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** Every week touching the period [from, to], by its Monday, so weeks without visits still show as zero. */
export function weeksOf(from: string, to: string): string[] {
  const weeks: string[] = [];
  const last = new Date(`${mondayOf(to)}T00:00:00Z`).getTime();
  for (let t = new Date(`${mondayOf(from)}T00:00:00Z`).getTime(); t <= last; t += 7 * DAY_MS) {
    weeks.push(new Date(t).toISOString().slice(0, 10));
  }
  return weeks;
}

/** Categories with visits, in the order the kiosk offers them; any category no longer offered comes last. */
function orderCategories(present: Set<string>): string[] {
  const known: readonly string[] = visitorCategories;
  return [...known.filter((c) => present.has(c)), ...[...present].filter((c) => !known.includes(c)).sort()];
}

/**
 * The coordinator's report for a period of site-local days: visits per week by category, compliance against the
 * organisation's escort target, the median time to escort confirmation, and the visit log's exceptions. Looking is recorded (ids and dates
 * only), in the same transaction.
 */
export async function viewVisitReport(
  db: Db,
  params: { siteId: string; staffId: string; from: string; to: string; now: Date },
) {
  return db.transaction(async (tx) => {
    const site = await getReportSite(tx, { siteId: params.siteId });
    if (!site) throw new DomainError('NOT_FOUND', 'There is no such site.');
    const period = { siteId: params.siteId, from: params.from, to: params.to, timeZone: site.timeZone };
    const perWeek = await countVisitsPerWeek(tx, period);
    const compliance = await getComplianceCounts(tx, { ...period, targetMinutes: site.targetMinutes, now: params.now });
    // The visit log's exceptions over the same days, counted by the log's own rules.
    const { context } = await exceptionContextOf(tx, { siteId: params.siteId, now: params.now });
    const exceptions = await countExceptionsInPeriod(tx, { ...period, ...context });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: site.organisationId, siteId: params.siteId },
      { type: 'reports.viewed', data: { report: 'visit_summary', from: params.from, to: params.to } },
    );
    const categories = orderCategories(new Set(perWeek.map((r) => r.category)));
    const visits = new Map(perWeek.map((r) => [`${r.weekStart} ${r.category}`, r.visits]));
    const weeks = weeksOf(params.from, params.to).map((weekStart) => {
      const counts = categories.map((c) => visits.get(`${weekStart} ${c}`) ?? 0);
      return { weekStart, counts, total: counts.reduce((a, b) => a + b, 0) };
    });
    return {
      from: params.from,
      to: params.to,
      timeZone: site.timeZone,
      targetMinutes: site.targetMinutes,
      /** `weeks[i].counts[j]` is the number of visits in week i of category `categories[j]`. */
      categories,
      weeks,
      compliance: {
        ...compliance,
        rate: compliance.measured > 0 ? compliance.compliant / compliance.measured : null,
      },
      /** Visits of the period with each kind of exception, as the visit log and the log review count them. */
      exceptions,
    };
  });
}
