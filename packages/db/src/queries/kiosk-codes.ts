import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { preparedQuery } from '../prepared-query.ts';
import { kioskVisitCode } from '../schema/kiosk.ts';

export interface ReservedCode {
  seq: number;
  code: string;
}

/**
 * Tops up a tablet's codes to `count` beyond `usedThroughSeq` (the last one it has handed out) and returns them in
 * order. Codes up to `usedThroughSeq` that are still here belong to sign-ins the tablet has not delivered yet: they
 * stay reserved. A new code is never one already reserved at the site or held by a visitor on site.
 */
export async function topUpVisitCodes(
  db: DbOrTx,
  params: { siteId: string; deviceId: string; usedThroughSeq: number; count: number; draw: () => string },
): Promise<ReservedCode[]> {
  const unused = () =>
    db
      .select({ seq: kioskVisitCode.seq, code: kioskVisitCode.code })
      .from(kioskVisitCode)
      .where(and(eq(kioskVisitCode.deviceId, params.deviceId), gt(kioskVisitCode.seq, params.usedThroughSeq)))
      .orderBy(asc(kioskVisitCode.seq));
  let codes = await unused();
  for (let round = 0; codes.length < params.count && round < 5; round++) {
    const [last] = await db
      .select({ seq: sql<number>`coalesce(max(${kioskVisitCode.seq}), 0)`.mapWith(Number) })
      .from(kioskVisitCode)
      .where(eq(kioskVisitCode.deviceId, params.deviceId));
    // Never below what the tablet has used: its next code must come after it.
    const from = Math.max(last?.seq ?? 0, params.usedThroughSeq);
    const fresh = Array.from({ length: params.count - codes.length }, (_, i) => ({
      seq: from + i + 1,
      code: params.draw(),
    }));
    for (const { seq, code } of fresh) {
      await db.execute(sql`
        insert into kiosk_visit_code (site_id, code, device_id, seq)
        select ${params.siteId}, ${code}, ${params.deviceId}, ${seq}
        where not exists (select 1 from visit v
          where v.site_id = ${params.siteId} and v.visit_code = ${code} and v.signed_out_at is null)
        on conflict do nothing`);
    }
    codes = await unused();
  }
  return codes;
}

/** Removes a tablet's reservation of a code it has just used; true if it held one. */
export async function consumeVisitCode(db: DbOrTx, params: { siteId: string; deviceId: string; code: string }) {
  const rows = await deleteReservedCode(db, params);
  return rows.length > 0;
}

// A tablet sends one of its reserved codes with every sign-in: built once.
const deleteReservedCode = preparedQuery((db) =>
  db
    .delete(kioskVisitCode)
    .where(
      and(
        eq(kioskVisitCode.siteId, sql.placeholder('siteId')),
        eq(kioskVisitCode.code, sql.placeholder('code')),
        eq(kioskVisitCode.deviceId, sql.placeholder('deviceId')),
      ),
    )
    .returning({ seq: kioskVisitCode.seq })
    .prepare('delete_reserved_code'),
);
