import { type AuditRow, type DbOrTx, insertAuditEvent, insertAuditEvents } from '@threshold/db';
import { type AuditEventInput, auditEventSchema } from '@threshold/validators';

export type Actor =
  | { type: 'staff'; id: string }
  | { type: 'kiosk'; id: string }
  | { type: 'display'; id: string }
  | { type: 'system'; id: null };

export const staffActor = (id: string) => ({ type: 'staff' as const, id });

export interface AuditScope {
  organisationId: string;
  siteId: string | null;
  visitId?: string | null;
}

/** Writes one audit event; call it with the same transaction handle as the change it records. */
export async function writeAudit(tx: DbOrTx, actor: Actor, scope: AuditScope, event: AuditEventInput): Promise<void> {
  await insertAuditEvent(tx, auditRow(actor, scope, event));
}

/** Several audit events in one statement, in the order given; same transaction rule as writeAudit. */
export async function writeAudits(
  tx: DbOrTx,
  events: { actor: Actor; scope: AuditScope; event: AuditEventInput }[],
): Promise<void> {
  await insertAuditEvents(tx, auditRows(events));
}

/** The rows of these events, checked as writeAudits checks them, for a statement that writes them with others. */
export function auditRows(events: { actor: Actor; scope: AuditScope; event: AuditEventInput }[]): AuditRow[] {
  return events.map((e) => auditRow(e.actor, e.scope, e.event));
}

function auditRow(actor: Actor, scope: AuditScope, event: AuditEventInput): AuditRow {
  // Parsing strips any field the union does not declare, so personal data cannot leak into the trail.
  const parsed = auditEventSchema.parse(event);
  return {
    organisationId: scope.organisationId,
    siteId: scope.siteId,
    visitId: scope.visitId ?? null,
    actorType: actor.type,
    actorId: actor.id,
    type: parsed.type,
    data: parsed.data,
  };
}
