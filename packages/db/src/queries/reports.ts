import { eq, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { decryptValue, type Sealed } from '../crypto/envelope.ts';
import { organisation, site } from '../schema/organisation.ts';
import {
  acknowledgedAllSql,
  type ExceptionContext,
  type ExceptionFlags,
  exceptionColumns,
  exceptionPredicates,
  firstConfirmedAtSql,
  hasFormSql,
  type LogExceptionKind,
} from './visit-exceptions.ts';
import { dayAfter, dayStart } from './visit-log.ts';

/** Site-local days, first and last included, in the site's IANA time zone. */
export interface LocalPeriod {
  siteId: string;
  from: string;
  to: string;
  timeZone: string;
}

/** What a report needs to know about a site: its organisation, time zone and escort target (minutes). */
export async function getReportSite(db: DbOrTx, params: { siteId: string }) {
  const [row] = await db
    .select({
      organisationId: site.organisationId,
      timeZone: site.timezone,
      targetMinutes: organisation.escortConfirmTargetMinutes,
    })
    .from(site)
    .innerJoin(organisation, eq(organisation.id, site.organisationId))
    .where(eq(site.id, params.siteId));
  return row ?? null;
}

// Local midnight at the start of `from` up to local midnight after `to` (the visit log's days): a DST change inside
// the period moves neither end, and a day of 23 or 25 hours counts whole.
const startOf = (p: LocalPeriod) => dayStart(p.from, p.timeZone);
const endOf = (p: LocalPeriod) => dayAfter(p.to, p.timeZone);
const inPeriod = (p: LocalPeriod) =>
  sql`v.site_id = ${p.siteId} and v.signed_in_at >= ${startOf(p)} and v.signed_in_at < ${endOf(p)}`;

/** The period's two ends as instants (ISO, UTC), for an export's audit row and its pages. */
export async function periodInstants(db: DbOrTx, p: LocalPeriod): Promise<{ start: string; end: string }> {
  const iso = (at: SQL) => sql`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const [row] = await db.execute<{ start: string; end: string }>(
    sql`select ${iso(startOf(p))} as "start", ${iso(endOf(p))} as "end"`,
  );
  if (!row) throw new Error('period query returned nothing');
  return row;
}

/**
 * Visits per week and category. Weeks start on Monday in the site's time zone and are named by that Monday
 * (YYYY-MM-DD); the first and last week may hold only part of a week's days.
 */
export async function countVisitsPerWeek(db: DbOrTx, p: LocalPeriod) {
  const rows = await db.execute<{ weekStart: string; category: string; visits: number }>(sql`
    select to_char(date_trunc('week', v.signed_in_at at time zone ${p.timeZone}), 'YYYY-MM-DD') as "weekStart",
           v.category, count(*)::int as visits
    from visit v
    where ${inPeriod(p)}
    group by 1, 2
    order by 1, 2`);
  return [...rows];
}

export interface ComplianceCounts {
  visits: number;
  /** Still within their first `targetMinutes` with no confirmed escort: not yet measurable, so not counted. */
  pending: number;
  measured: number;
  formSigned: number;
  /** Both policies received and the no-photography statement acknowledged (as the log's exceptions count it). */
  acknowledged: number;
  escortInTime: number;
  /** All three: form signed, everything acknowledged, escort confirmed within the target. */
  compliant: number;
  confirmed: number;
  /** Median minutes from sign-in to the first escort confirmation, over confirmed visits; null when none. */
  medianMinutesToConfirm: number | null;
}

/**
 * Compliance of the period's visits against the organisation's escort target, and the median time to confirm. A
 * signed form and the acknowledgements are the log's own rules (visit-exceptions.ts), so the two never disagree.
 */
export async function getComplianceCounts(
  db: DbOrTx,
  p: LocalPeriod & { targetMinutes: number; now: Date },
): Promise<ComplianceCounts> {
  const now = sql`${p.now.toISOString()}::timestamptz`;
  const deadline = sql`v.signed_in_at + make_interval(mins => ${p.targetMinutes})`;
  const [row] = await db.execute<Omit<ComplianceCounts, 'measured'>>(sql`
    with v as (
      select v.signed_in_at, ${hasFormSql} as form_signed, ${acknowledgedAllSql} as acknowledged,
             ${firstConfirmedAtSql} as confirmed_at, ${deadline} as deadline
      from visit v
      where ${inPeriod(p)}
    ), m as (
      select *, confirmed_at is null and deadline > ${now} as pending from v
    )
    select count(*)::int as visits,
           count(*) filter (where pending)::int as pending,
           count(*) filter (where not pending and form_signed)::int as "formSigned",
           count(*) filter (where not pending and acknowledged)::int as acknowledged,
           count(*) filter (where confirmed_at <= deadline)::int as "escortInTime",
           count(*) filter (where form_signed and acknowledged and confirmed_at <= deadline)::int as compliant,
           count(confirmed_at)::int as confirmed,
           percentile_cont(0.5) within group (
             order by (extract(epoch from confirmed_at - signed_in_at) / 60)::float8
           ) as "medianMinutesToConfirm"
    from m`);
  if (!row) throw new Error('compliance query returned nothing');
  return { ...row, measured: row.visits - row.pending };
}

/** How many of the period's visits have each kind of exception, by the log's own predicates. */
export async function countExceptionsInPeriod(
  db: DbOrTx,
  p: LocalPeriod & ExceptionContext,
): Promise<Record<LogExceptionKind, number>> {
  const counts = Object.entries(exceptionPredicates).map(
    ([kind, predicate]) => sql`count(*) filter (where ${predicate(p)})::int as ${sql.identifier(kind)}`,
  );
  const [row] = await db.execute<Record<LogExceptionKind, number>>(
    sql`select ${sql.join(counts, sql`, `)} from visit v where ${inPeriod(p)}`,
  );
  if (!row) throw new Error('exception count returned nothing');
  return row;
}

/** An export's bounds: the audited period (instants) and the moment it started, to the microsecond. */
export interface ExportBounds {
  siteId: string;
  start: string;
  end: string;
  /** Visits signed in after the export started are left out, so its count and its pages agree. */
  startedAt: string;
}

const exportWhere = (b: ExportBounds) => sql`v.site_id = ${b.siteId}
  and v.signed_in_at >= ${b.start}::timestamptz and v.signed_in_at < ${b.end}::timestamptz
  and v.signed_in_at <= ${b.startedAt}::timestamptz`;

export async function countVisitsForExport(db: DbOrTx, b: ExportBounds): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from visit v where ${exportWhere(b)}`);
  return row?.n ?? 0;
}

/** The current transaction's start, to the microsecond (what `now()` and audit rows' `occurred_at` hold). */
export async function transactionStart(db: DbOrTx): Promise<string> {
  const [row] = await db.execute<{ at: string }>(
    sql`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at`,
  );
  if (!row) throw new Error('now() returned nothing');
  return row.at;
}

// A type alias, not an interface: raw-SQL rows must be assignable to Record<string, unknown>.
export type ExportRow = ExceptionFlags & {
  id: string;
  /** Keyset position: sign-in time in microseconds since 1970 (exact, unlike a JS Date). */
  at: string;
  date: string;
  signedIn: string;
  signedOut: string | null;
  visitorName: string;
  visitorOrganisation: string;
  category: string;
  state: string;
  /** Everyone assigned, in order; those who never confirmed are marked. */
  escorts: string | null;
  minutesToConfirm: number | null;
  formVersion: number | null;
  acknowledged: string | null;
  alerts: string[];
};

/**
 * One page of an export, oldest first by (sign-in time, id) after `after`: keyset paging, so rows signed in or
 * removed meanwhile never shift a page and every row comes exactly once. Times are formatted in the context's time
 * zone, and exceptions are measured at its `now` (the export's start, so every page measures alike).
 */
export async function listVisitsForExportPage(
  db: DbOrTx,
  params: ExportBounds & ExceptionContext & { after: { at: string; id: string } | null; limit: number },
): Promise<ExportRow[]> {
  const tz = params.timeZone;
  const after = params.after
    ? sql`and (v.signed_in_at, v.id) >
          (timestamptz 'epoch' + ${params.after.at}::bigint * interval '1 microsecond', ${params.after.id}::uuid)`
    : sql``;
  const rows = await db.execute<Sealed<ExportRow, 'visitorName' | 'visitorOrganisation'>>(sql`
    with page as (
      select v.id, v.signed_in_at, v.signed_out_at, v.visitor_name, v.visitor_organisation, v.category, v.state,
             ${firstConfirmedAtSql} as first_confirmed_at, ${exceptionColumns(params)}
      from visit v
      where ${exportWhere(params)} ${after}
      order by v.signed_in_at, v.id
      limit ${params.limit}
    ), raised as (
      -- One pass over alerts for the whole page (alerts are indexed by visit only while open).
      select al.visit_id, array_agg(distinct al.kind order by al.kind) as kinds
      from alert al where al.visit_id in (select id from page) group by al.visit_id
    )
    select p.id,
           (extract(epoch from p.signed_in_at) * 1000000)::bigint::text as at,
           to_char(p.signed_in_at at time zone ${tz}, 'YYYY-MM-DD') as date,
           to_char(p.signed_in_at at time zone ${tz}, 'HH24:MI') as "signedIn",
           to_char(p.signed_out_at at time zone ${tz}, 'YYYY-MM-DD HH24:MI') as "signedOut",
           p.visitor_name as "visitorName", p.visitor_organisation as "visitorOrganisation", p.category, p.state,
           -- Each name by its key: joined, the planner scanned all of staff once per visit on the page.
           (select string_agg((select s.name from staff s where s.id = e.staff_id)
                                || case when e.confirmed_at is null then ' (not confirmed)' else '' end, '; '
                              order by e.assigned_at)
              from escort_assignment e where e.visit_id = p.id) as escorts,
           (extract(epoch from p.first_confirmed_at - p.signed_in_at) / 60)::float8 as "minutesToConfirm",
           (select d.version from visit_signature s join policy_document d on d.id = s.document_id
              where s.visit_id = p.id) as "formVersion",
           (select string_agg(d.kind || ' v' || d.version, '; ' order by d.kind)
              from visit_acknowledgement a join policy_document d on d.id = a.document_id
              where a.visit_id = p.id) as acknowledged,
           p."unescortedSeconds", p."noSignOut", p."hasForm", p."acknowledgedAll",
           coalesce(r.kinds, '{}') as alerts
    from page p left join raised r on r.visit_id = p.id
    order by p.signed_in_at, p.id`);
  return rows.map((r) => ({
    ...r,
    visitorName: decryptValue(r.visitorName),
    visitorOrganisation: decryptValue(r.visitorOrganisation),
  }));
}

/**
 * The audit row that started an export, when this member of staff started it at this site since `since`; null
 * otherwise. An export's pages are served only against such a row.
 */
export async function findExportStart(
  db: DbOrTx,
  params: { organisationId: string; siteId: string; staffId: string; exportId: string; since: Date },
): Promise<ExportBounds | null> {
  const [row] = await db.execute<{ start: string; end: string; startedAt: string }>(sql`
    select data->>'from' as start, data->>'to' as "end",
           to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "startedAt"
    from audit_event
    where organisation_id = ${params.organisationId} and type = 'visits.exported'
      and site_id = ${params.siteId} and actor_type = 'staff' and actor_id = ${params.staffId}
      and data->>'exportId' = ${params.exportId} and occurred_at >= ${params.since.toISOString()}::timestamptz
    order by id desc
    limit 1`);
  return row ? { siteId: params.siteId, ...row } : null;
}
