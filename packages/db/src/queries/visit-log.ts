import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { decryptValue, type Sealed } from '../crypto/envelope.ts';
import { namePrefixQuery } from '../name-search.ts';
import {
  type ExceptionContext,
  type ExceptionFlags,
  exceptionColumns,
  exceptionKindsOf,
  exceptionPredicate,
  type LogExceptionKind,
} from './visit-exceptions.ts';

/** Where the previous page ended: the last row's sign-in time (microseconds since 1970, exact) and id. */
export interface VisitLogCursor {
  at: string;
  id: string;
}

export interface VisitLogFilters {
  siteId: string;
  /** Site-local days (YYYY-MM-DD), both included. */
  from?: string | undefined;
  to?: string | undefined;
  category?: string | undefined;
  state?: string | undefined;
  /** Visits this member of staff was assigned to escort (confirmed or not). */
  escortStaffId?: string | undefined;
  exception?: LogExceptionKind | 'any' | undefined;
  /** Words the visitor's name must have words starting with (see name-search.ts). */
  name?: string | undefined;
}

type PageParams = Omit<VisitLogFilters, 'name'> &
  ExceptionContext & {
    /** The name's blind-index tokens as an array literal (namePrefixQuery). */
    nameQuery?: string | undefined;
    cursor?: VisitLogCursor | undefined;
    limit: number;
  };

export interface VisitLogRow {
  id: string;
  cursor: VisitLogCursor;
  visitorName: string;
  visitorOrganisation: string;
  category: string;
  state: string;
  signedInAt: Date;
  signedOutAt: Date | null;
  /** Everyone assigned, in order of assignment, each once. */
  escortNames: string[];
  unescortedSeconds: number;
  exceptions: LogExceptionKind[];
}

// Local midnight at the start of a day and after it: a DST change inside a range moves neither end.
export const dayStart = (day: string, timeZone: string) => sql`((${day}::date)::timestamp at time zone ${timeZone})`;
export const dayAfter = (day: string, timeZone: string) =>
  sql`((${day}::date + 1)::timestamp at time zone ${timeZone})`;
// Exactly visit_log_idx's order: a plain DESC means NULLS FIRST, which the index cannot serve.
const newestFirst = sql`v.signed_in_at desc nulls last, v.id desc nulls last`;
/** A keyset position back into a timestamp, to the microsecond. */
const cursorInstant = (at: string) => sql`(timestamptz 'epoch' + ${at}::bigint * interval '1 microsecond')`;

function filterConditions(f: PageParams): SQL[] {
  const where: SQL[] = [sql`v.site_id = ${f.siteId}`];
  if (f.from) where.push(sql`v.signed_in_at >= ${dayStart(f.from, f.timeZone)}`);
  if (f.to) where.push(sql`v.signed_in_at < ${dayAfter(f.to, f.timeZone)}`);
  if (f.category) where.push(sql`v.category = ${f.category}`);
  if (f.state) where.push(sql`v.state = ${f.state}`);
  if (f.escortStaffId)
    where.push(
      sql`exists (select 1 from escort_assignment a where a.visit_id = v.id and a.staff_id = ${f.escortStaffId})`,
    );
  if (f.nameQuery) where.push(sql`v.visitor_name_index @> ${f.nameQuery}::text[]`);
  if (f.exception) where.push(exceptionPredicate(f.exception, f));
  if (f.cursor) where.push(sql`(v.signed_in_at, v.id) < (${cursorInstant(f.cursor.at)}, ${f.cursor.id}::uuid)`);
  return where;
}

/**
 * One page of a site's visit log, newest first by (sign-in time, id) before `cursor`: keyset paging, so visits
 * signed in while someone pages never shift a page, and every row comes exactly once. Reads visitor names, so it
 * lives here with the other such reads.
 */
export function visitLogPageSql(params: PageParams): SQL {
  return sql`
    with page as (
      select v.id from visit v
      where ${sql.join(filterConditions(params), sql` and `)}
      order by ${newestFirst}
      limit ${params.limit}
    )
    select v.id, (extract(epoch from v.signed_in_at) * 1000000)::bigint::text as at,
           v.visitor_name as "visitorName", v.visitor_organisation as "visitorOrganisation", v.category, v.state,
           v.signed_in_at as "signedInAt", v.signed_out_at as "signedOutAt",
           -- Each name by its key: joined, the planner scanned all of staff once per visit on the page.
           array(select (select s.name from staff s where s.id = a.staff_id) from escort_assignment a
                 where a.visit_id = v.id order by a.assigned_at) as "escortNames",
           ${exceptionColumns(params)}
    from page p join visit v on v.id = p.id
    order by ${newestFirst}`;
}

type RawLogRow = ExceptionFlags & {
  id: string;
  at: string;
  visitorName: string;
  visitorOrganisation: string;
  category: string;
  state: string;
  signedInAt: string;
  signedOutAt: string | null;
  escortNames: string[];
};

/** One page of the log (see visitLogPageSql); a name with no words in it matches nothing. */
export async function searchVisitLog(
  db: DbOrTx,
  params: VisitLogFilters & ExceptionContext & { cursor?: VisitLogCursor | undefined; limit: number },
): Promise<VisitLogRow[]> {
  const { name, ...rest } = params;
  const nameQuery = name === undefined ? undefined : namePrefixQuery(name);
  if (nameQuery === null) return [];
  const rows = await db.execute<Sealed<RawLogRow, 'visitorName' | 'visitorOrganisation'>>(
    visitLogPageSql({ ...rest, nameQuery }),
  );
  return rows.map(({ at, signedInAt, signedOutAt, ...r }) => ({
    id: r.id,
    cursor: { at, id: r.id },
    visitorName: decryptValue(r.visitorName),
    visitorOrganisation: decryptValue(r.visitorOrganisation),
    category: r.category,
    state: r.state,
    signedInAt: new Date(signedInAt),
    signedOutAt: signedOutAt === null ? null : new Date(signedOutAt),
    // Someone assigned twice (handed back to) is named once, where they first appear.
    escortNames: [...new Set(r.escortNames)],
    unescortedSeconds: r.unescortedSeconds,
    exceptions: exceptionKindsOf(r, params),
  }));
}
