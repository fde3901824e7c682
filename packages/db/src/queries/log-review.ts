import { desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { logReview } from '../schema/log-review.ts';
import { staff } from '../schema/staff.ts';
import { dayAfter, dayStart } from './visit-log.ts';

/** Visits signed in at a site during site-local days `from`..`to` (both included). */
export async function countVisitsInPeriod(
  db: DbOrTx,
  params: { siteId: string; from: string; to: string; timeZone: string },
): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from visit v
    where v.site_id = ${params.siteId}
      and v.signed_in_at >= ${dayStart(params.from, params.timeZone)}
      and v.signed_in_at < ${dayAfter(params.to, params.timeZone)}`);
  return row?.n ?? 0;
}

export interface NewLogReview {
  organisationId: string;
  siteId: string;
  periodFrom: string;
  periodTo: string;
  visitCount: number;
  exceptions: Record<string, number>;
  note: string;
  signedOffByStaffId: string;
  signedOffAt: Date;
}

export async function insertLogReview(db: DbOrTx, review: NewLogReview) {
  const [row] = await db
    .insert(logReview)
    .values(review)
    .returning({ id: logReview.id, signedOffAt: logReview.signedOffAt });
  if (!row) throw new Error('log review insert returned nothing');
  return row;
}

/** A site's sign-offs, the latest period first, with who signed. */
export async function listLogReviews(db: DbOrTx, params: { siteId: string; limit: number }) {
  const rows = await db
    .select({
      id: logReview.id,
      periodFrom: logReview.periodFrom,
      periodTo: logReview.periodTo,
      visitCount: logReview.visitCount,
      exceptions: logReview.exceptions,
      note: logReview.note,
      signedOffByStaffId: logReview.signedOffByStaffId,
      signedOffByName: staff.name,
      signedOffAt: logReview.signedOffAt,
    })
    .from(logReview)
    .innerJoin(staff, eq(staff.id, logReview.signedOffByStaffId))
    .where(eq(logReview.siteId, params.siteId))
    .orderBy(desc(logReview.periodTo), desc(logReview.signedOffAt))
    .limit(params.limit);
  return rows.map((r) => ({ ...r, exceptions: r.exceptions as Record<string, number> }));
}
