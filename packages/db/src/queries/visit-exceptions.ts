import { type SQL, sql } from 'drizzle-orm';

// The one home of what is wrong with a visit, as SQL over a visit aliased `v`: the visit log, the log review, the
// report's compliance and the CSV export all build on these fragments. Each is computed from the records themselves
// (assignments, signature, acknowledgements), never stored, so a review always sees the records as they are now.

/**
 * The same kinds as @threshold/validators' logExceptionKinds, which holds their names and labels (this package
 * imports no workspace package; the api's exception-kinds test fails to compile if the two lists part).
 */
export type LogExceptionKind = 'no_sign_out' | 'unescorted' | 'missing_form' | 'missing_acknowledgement';

export interface ExceptionContext {
  /** The site's IANA time zone: "today" starts at local midnight. */
  timeZone: string;
  /** Open visits and open escort spans are measured up to this instant. */
  now: Date;
  /** Seconds without a confirmed escort a visit may have before it is an exception (the site's astray allowance). */
  unescortedAllowanceSeconds: number;
}

const nowOf = (c: ExceptionContext) => sql`${c.now.toISOString()}::timestamptz`;

/** Local midnight today in the site's time zone. */
export const startOfToday = (c: ExceptionContext) =>
  sql`(date_trunc('day', ${nowOf(c)} at time zone ${c.timeZone}) at time zone ${c.timeZone})`;

/**
 * Seconds on site without a confirmed escort: time on site minus the union of the confirmed spans of its
 * assignments, clipped to the visit (the same rule as the visit detail's unescortedSeconds).
 */
export function unescortedSecondsSql(c: ExceptionContext): SQL {
  const end = sql`coalesce(v.signed_out_at, ${nowOf(c)})`;
  return sql`round(greatest(0, extract(epoch from ${end} - v.signed_in_at) - coalesce((
    select extract(epoch from sum(upper(r) - lower(r)))
    from unnest((
      select range_agg(tstzrange(s.lo, s.hi))
      from (select greatest(a.confirmed_at, v.signed_in_at) as lo, least(coalesce(a.ended_at, ${end}), ${end}) as hi
            from escort_assignment a where a.visit_id = v.id and a.confirmed_at is not null) s
      where s.lo < s.hi)) r), 0)))::int`;
}

export const hasFormSql = sql`exists (select 1 from visit_signature s where s.visit_id = v.id)`;

/** When an escort first confirmed being with the visitor (null: never); a later handover does not move it. */
export const firstConfirmedAtSql = sql`(select min(e.confirmed_at) from escort_assignment e where e.visit_id = v.id)`;

/** The two policies received and the no-photography statement acknowledged, each at least once. */
export const acknowledgedAllSql = sql`((select count(distinct d.kind) from visit_acknowledgement a
  join policy_document d on d.id = a.document_id
  where a.visit_id = v.id
    and ((a.kind = 'policy_received' and d.kind in ('confidentiality_policy', 'disclosure_policy'))
      or (a.kind = 'no_photography' and d.kind = 'no_photography_statement'))) = 3)`;

/** Still recorded on site after the day it began (a visitor on site today is on the live board, not an exception). */
export const noSignOutSql = (c: ExceptionContext) =>
  sql`(v.signed_out_at is null and v.signed_in_at < ${startOfToday(c)})`;

const unescortedSql = (c: ExceptionContext) => sql`${unescortedSecondsSql(c)} > ${c.unescortedAllowanceSeconds}`;

/** Each kind's predicate: a record, so a kind added to the type without its rule fails to compile. */
export const exceptionPredicates: Record<LogExceptionKind, (c: ExceptionContext) => SQL> = {
  no_sign_out: noSignOutSql,
  unescorted: unescortedSql,
  missing_form: () => sql`not ${hasFormSql}`,
  missing_acknowledgement: () => sql`not ${acknowledgedAllSql}`,
};

/** The predicate for one kind of exception, or for any of them. */
export function exceptionPredicate(kind: LogExceptionKind | 'any', c: ExceptionContext): SQL {
  if (kind !== 'any') return exceptionPredicates[kind](c);
  // Cheapest first: the planner keeps the written order of OR arms that cost alike.
  return sql`(${noSignOutSql(c)} or not ${hasFormSql} or not ${acknowledgedAllSql} or ${unescortedSql(c)})`;
}

/** Columns describing a visit's exceptions (for a visit aliased `v`), for the log's rows and the review's list. */
export function exceptionColumns(c: ExceptionContext): SQL {
  return sql`${unescortedSecondsSql(c)} as "unescortedSeconds",
    ${noSignOutSql(c)} as "noSignOut",
    ${hasFormSql} as "hasForm",
    ${acknowledgedAllSql} as "acknowledgedAll"`;
}

export type ExceptionFlags = {
  unescortedSeconds: number;
  noSignOut: boolean;
  hasForm: boolean;
  acknowledgedAll: boolean;
};

/** The kinds of exception a visit has, in the order the log shows them. */
export function exceptionKindsOf(flags: ExceptionFlags, c: ExceptionContext): LogExceptionKind[] {
  const kinds: LogExceptionKind[] = [];
  if (flags.noSignOut) kinds.push('no_sign_out');
  if (flags.unescortedSeconds > c.unescortedAllowanceSeconds) kinds.push('unescorted');
  if (!flags.hasForm) kinds.push('missing_form');
  if (!flags.acknowledgedAll) kinds.push('missing_acknowledgement');
  return kinds;
}
