import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';

export interface TimelineEvent {
  id: number;
  at: Date;
  type: string;
  actorType: 'staff' | 'kiosk' | 'system';
  /** The member of staff or kiosk that acted, by its current name; null for the system or a removed actor. */
  actorName: string | null;
  /** Ids and enums only, as the audit trail holds them. */
  data: Record<string, unknown>;
  /** Names of the members of staff the event's data refers to (escort events). */
  staffName: string | null;
  fromStaffName: string | null;
  toStaffName: string | null;
  /** What the member of staff wrote when acknowledging an alert. */
  alertNote: string | null;
}

const staffNamed = (key: string) => sql`(select s.name from staff s where s.id = e.data->>${key})`;

/**
 * Everything recorded about a visit, in the order it happened: the audit trail's events for it (sign-in, escorts,
 * handovers, alerts, sign-out, and every time a member of staff opened its record), with names resolved.
 */
export async function listVisitTimeline(db: DbOrTx, params: { visitId: string }): Promise<TimelineEvent[]> {
  const rows = await db.execute<Omit<TimelineEvent, 'at'> & { at: string }>(sql`
    select e.id, e.occurred_at as at, e.type, e.actor_type as "actorType",
           case e.actor_type
             when 'staff' then (select s.name from staff s where s.id = e.actor_id)
             when 'kiosk' then (select k.name from kiosk_device k where k.id::text = e.actor_id)
           end as "actorName",
           e.data,
           ${staffNamed('staffId')} as "staffName",
           ${staffNamed('fromStaffId')} as "fromStaffName",
           ${staffNamed('toStaffId')} as "toStaffName",
           case when e.type = 'alert.acknowledged'
             then (select al.note from alert al where al.id::text = e.data->>'alertId')
           end as "alertNote"
    from audit_event e
    where e.visit_id = ${params.visitId}
    order by e.occurred_at, e.id`);
  return rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at) }));
}
