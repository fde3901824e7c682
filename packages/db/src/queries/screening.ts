import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { alert } from '../schema/alert.ts';
import { visitScreening } from '../schema/deny-list.ts';
import { visit } from '../schema/visit.ts';

/** What the deny-list check of a sign-in found: nobody, a match, or no answer (the visit is then held too). */
export type ScreeningOutcome = 'clear' | 'match' | 'check_failed';

export async function getVisitScreening(db: DbOrTx, params: { visitId: string }) {
  const [row] = await db.select().from(visitScreening).where(eq(visitScreening.visitId, params.visitId));
  return row ?? null;
}

/** Of these visits, those held in screening (a match or a failed check) with no decision yet, in one statement. */
export async function listUndecidedHeldScreenings(db: DbOrTx, params: { visitIds: string[] }) {
  if (params.visitIds.length === 0) return [];
  return db
    .select({ visitId: visitScreening.visitId, siteId: visitScreening.siteId })
    .from(visitScreening)
    .where(
      and(
        inArray(visitScreening.visitId, params.visitIds),
        ne(visitScreening.outcome, 'clear'),
        isNull(visitScreening.decision),
      ),
    );
}

/** Records a coordinator's decision on a held screening; null when it was not waiting for one (decided meanwhile). */
export async function decideVisitScreening(
  db: DbOrTx,
  params: {
    visitId: string;
    siteId: string;
    decision: 'admitted' | 'refused';
    staffId: string;
    note: string;
    at: Date;
  },
) {
  const [row] = await db
    .update(visitScreening)
    .set({
      decision: params.decision,
      decidedByStaffId: params.staffId,
      decidedAt: params.at,
      decisionNote: params.note,
    })
    .where(
      and(
        eq(visitScreening.visitId, params.visitId),
        eq(visitScreening.siteId, params.siteId),
        sql`${visitScreening.outcome} <> 'clear'`,
        isNull(visitScreening.decision),
      ),
    )
    .returning({ visitId: visitScreening.visitId, outcome: visitScreening.outcome });
  return row ?? null;
}

/** Visits at a site held in screening and waiting for a decision, oldest first, with the entries they matched. */
export async function listPendingScreenings(db: DbOrTx, params: { siteId: string }) {
  return db
    .select({
      visitId: visitScreening.visitId,
      outcome: visitScreening.outcome,
      matchedEntryIds: visitScreening.matchedEntryIds,
      screenedAt: visitScreening.screenedAt,
      visitorName: visit.visitorName,
      visitCode: visit.visitCode,
      signedInAt: visit.signedInAt,
    })
    .from(visitScreening)
    .innerJoin(visit, eq(visit.id, visitScreening.visitId))
    .where(
      and(
        eq(visitScreening.siteId, params.siteId),
        sql`${visitScreening.outcome} <> 'clear'`,
        isNull(visitScreening.decision),
        eq(visit.state, 'screening'),
      ),
    )
    .orderBy(asc(visitScreening.screenedAt));
}

/** The open screening alert of a visit, if any (a decision acknowledges it). */
export async function openScreeningAlert(db: DbOrTx, params: { visitId: string }) {
  const [row] = await db
    .select({ id: alert.id })
    .from(alert)
    .where(and(eq(alert.visitId, params.visitId), eq(alert.kind, 'screening'), isNull(alert.acknowledgedAt)));
  return row?.id ?? null;
}
