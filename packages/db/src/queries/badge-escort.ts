import { and, eq, gte, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { escortAssignment } from '../schema/escort.ts';
import { staff } from '../schema/staff.ts';
import { visit } from '../schema/visit.ts';

/**
 * The full name of the confirmed escort of a visit still on site that this kiosk recorded since `since`, found by its
 * visit code; null when there is no such visit, it is another kiosk's or older, or its escort has not confirmed.
 */
export async function getConfirmedEscortForBadge(
  db: DbOrTx,
  params: { siteId: string; kioskDeviceId: string; visitCode: string; since: Date },
): Promise<string | null> {
  const [row] = await db
    .select({ name: staff.name })
    .from(visit)
    .innerJoin(
      escortAssignment,
      and(
        eq(escortAssignment.visitId, visit.id),
        isNull(escortAssignment.endedAt),
        isNotNull(escortAssignment.confirmedAt),
      ),
    )
    .innerJoin(staff, eq(staff.id, escortAssignment.staffId))
    .where(
      and(
        eq(visit.siteId, params.siteId),
        eq(visit.kioskDeviceId, params.kioskDeviceId),
        eq(visit.visitCode, params.visitCode),
        isNull(visit.signedOutAt),
        gte(visit.recordedAt, params.since),
      ),
    )
    .limit(1);
  return row?.name ?? null;
}
