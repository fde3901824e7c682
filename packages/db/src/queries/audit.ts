import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { preparedInsertRows, preparedQuery } from '../prepared-query.ts';
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

const insertAudit = preparedQuery((db) =>
  db
    .insert(auditEvent)
    .values({
      organisationId: sql.placeholder('organisationId'),
      siteId: sql.placeholder('siteId'),
      actorType: sql.placeholder('actorType'),
      actorId: sql.placeholder('actorId'),
      type: sql.placeholder('type'),
      visitId: sql.placeholder('visitId'),
      data: sql.placeholder('data'),
    })
    .prepare('insert_audit_event'),
);

export async function insertAuditEvent(db: DbOrTx, row: AuditRow): Promise<void> {
  await insertAudit(db, row);
}

/**
 * Several audit events in one statement (a sign-in's, a drain's host matches); ids follow the order given. Prepared
 * per row count: every kiosk sign-in runs it.
 */
export const insertAuditEvents: (db: DbOrTx, rows: AuditRow[]) => Promise<void> = preparedInsertRows(
  'insert_audit_events',
  auditEvent,
  ['organisationId', 'siteId', 'actorType', 'actorId', 'type', 'visitId', 'data'],
);

export async function listAuditEventsForVisit(db: DbOrTx, params: { visitId: string }) {
  return db.query.auditEvent.findMany({
    where: (t, { eq }) => eq(t.visitId, params.visitId),
    orderBy: (t, { asc }) => [asc(t.id)],
  });
}

/**
 * The exports that included a visit, as timeline rows (no visit id of their own). An export's row holds its period
 * and its start, which decide exactly which visits it held (see `exportWhere` in reports.ts), so inclusion is read
 * back from those bounds rather than written once per visit: a 5,000-visit export stays one audit row. The partial
 * index on export rows keeps this to a scan of the exports alone.
 */
export async function listExportsIncludingVisit(db: DbOrTx, params: { visitId: string }) {
  const rows = await db.execute<{
    id: string;
    at: string;
    type: string;
    actorType: 'staff' | 'system';
    actorName: string | null;
    data: Record<string, unknown>;
  }>(sql`
    select e.id, e.occurred_at as at, e.type, e.actor_type as "actorType",
           case when e.actor_type = 'staff' then (select s.name from staff s where s.id = e.actor_id) end
             as "actorName",
           e.data
    from visit v
    join audit_event e on e.type = 'visits.exported' and e.site_id = v.site_id
      and v.signed_in_at >= (e.data->>'from')::timestamptz and v.signed_in_at < (e.data->>'to')::timestamptz
      and v.signed_in_at <= e.occurred_at
    where v.id = ${params.visitId}
    order by e.occurred_at, e.id`);
  return rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at) }));
}

export interface SiteAuditFilters {
  organisationId: string;
  siteId: string;
  timeZone: string;
  actorStaffId?: string;
  type?: string;
  visitId?: string;
  from?: string;
  to?: string;
  before?: number;
  limit: number;
}

/** The SQL of one page of listSiteAuditEvents (its plan is checked by audit-browse-plan.test.ts). */
export function siteAuditEventsSql(p: SiteAuditFilters): SQL {
  const where = [
    sql`e.organisation_id = ${p.organisationId}`,
    sql`e.site_id = ${p.siteId}`,
    p.actorStaffId ? sql`e.actor_type = 'staff' and e.actor_id = ${p.actorStaffId}` : undefined,
    p.type ? sql`e.type = ${p.type}` : undefined,
    p.visitId ? sql`e.visit_id = ${p.visitId}` : undefined,
    p.from ? sql`e.occurred_at >= (${p.from}::date)::timestamp at time zone ${p.timeZone}` : undefined,
    p.to ? sql`e.occurred_at < (${p.to}::date + 1)::timestamp at time zone ${p.timeZone}` : undefined,
    p.before ? sql`e.id < ${p.before}` : undefined,
  ].filter((c) => c !== undefined);
  return sql`
    select e.id, e.occurred_at as at, e.type, e.actor_type as "actorType", e.actor_id as "actorId",
           case e.actor_type
             when 'staff' then (select s.name from staff s where s.id = e.actor_id)
             when 'kiosk' then (select k.name from kiosk_device k where k.id::text = e.actor_id)
           end as "actorName",
           e.visit_id as "visitId", e.data
    from audit_event e
    where ${sql.join(where, sql` and `)}
    order by e.id desc
    limit ${p.limit}`;
}

/**
 * One page of a site's audit trail, newest first, after the entry `before` (keyset on the entry's number, so entries
 * written meanwhile never shift a page). Dates are the site's calendar days. The actor's and visitor's names are
 * resolved for reading; the entries themselves hold ids only.
 */
export async function listSiteAuditEvents(db: DbOrTx, params: SiteAuditFilters) {
  const rows = await db.execute<{
    id: string;
    at: string;
    type: string;
    actorType: 'staff' | 'kiosk' | 'display' | 'system';
    actorId: string | null;
    actorName: string | null;
    visitId: string | null;
    data: Record<string, unknown>;
  }>(siteAuditEventsSql(params));
  return rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at) }));
}
