import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { alert } from '../schema/alert.ts';
import { staff } from '../schema/staff.ts';
import { visit } from '../schema/visit.ts';

/** Opens an alert unless the same kind is already open for the visit; returns its id, or null when it already was. */
export async function insertAlertOnce(
  db: DbOrTx,
  params: {
    organisationId: string;
    siteId: string;
    visitId: string;
    staffId: string | null;
    kind: string;
    raisedAt: Date;
  },
) {
  const [row] = await db
    .insert(alert)
    .values(params)
    .onConflictDoNothing({ target: [alert.visitId, alert.kind], where: isNull(alert.acknowledgedAt) })
    .returning({ id: alert.id });
  return row?.id ?? null;
}

/** Open alerts at a site, oldest first, with the visitor and the escort involved. */
export async function listOpenAlerts(db: DbOrTx, params: { siteId: string }) {
  return db
    .select({
      id: alert.id,
      kind: alert.kind,
      raisedAt: alert.raisedAt,
      visitId: alert.visitId,
      visitorName: visit.visitorName,
      staffId: alert.staffId,
      staffName: staff.name,
    })
    .from(alert)
    .leftJoin(visit, eq(visit.id, alert.visitId))
    .leftJoin(staff, eq(staff.id, alert.staffId))
    .where(and(eq(alert.siteId, params.siteId), isNull(alert.acknowledgedAt)))
    .orderBy(alert.raisedAt);
}

/** Acknowledges an open alert at a site; returns it, or null when there is no such open alert. */
export async function acknowledgeAlertRow(
  db: DbOrTx,
  params: { siteId: string; alertId: string; staffId: string; note: string; at: Date },
) {
  const [row] = await db
    .update(alert)
    .set({ acknowledgedAt: params.at, acknowledgedByStaffId: params.staffId, note: params.note })
    .where(and(eq(alert.id, params.alertId), eq(alert.siteId, params.siteId), isNull(alert.acknowledgedAt)))
    .returning({ id: alert.id, visitId: alert.visitId, organisationId: alert.organisationId, kind: alert.kind });
  return row ?? null;
}

/**
 * Acknowledges every one of these alerts that is open at the site, with one note; returns those it closed. The rows
 * are locked in id order first, so two desks acknowledging overlapping lists wait for each other instead of
 * deadlocking; an alert closed meanwhile by the other desk is left out of the result.
 */
export async function acknowledgeAlertRows(
  db: DbOrTx,
  params: { siteId: string; alertIds: string[]; staffId: string; note: string; at: Date },
) {
  const open = and(inArray(alert.id, params.alertIds), eq(alert.siteId, params.siteId), isNull(alert.acknowledgedAt));
  await db.select({ id: alert.id }).from(alert).where(open).orderBy(asc(alert.id)).for('update');
  return db
    .update(alert)
    .set({ acknowledgedAt: params.at, acknowledgedByStaffId: params.staffId, note: params.note })
    .where(open)
    .returning({ id: alert.id, visitId: alert.visitId, organisationId: alert.organisationId, kind: alert.kind });
}
