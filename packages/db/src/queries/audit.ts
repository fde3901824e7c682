import type { DbOrTx } from '../client.ts';
import { auditEvent } from '../schema/audit.ts';

export interface AuditRow {
  organisationId: string;
  siteId: string | null;
  actorType: 'staff' | 'kiosk' | 'display' | 'system';
  actorId: string | null;
  type: string;
  visitId: string | null;
  data: Record<string, unknown>;
}

export async function insertAuditEvent(db: DbOrTx, row: AuditRow): Promise<void> {
  await db.insert(auditEvent).values(row);
}

export async function listAuditEventsForVisit(db: DbOrTx, params: { visitId: string }) {
  return db.query.auditEvent.findMany({
    where: (t, { eq }) => eq(t.visitId, params.visitId),
    orderBy: (t, { asc }) => [asc(t.id)],
  });
}
