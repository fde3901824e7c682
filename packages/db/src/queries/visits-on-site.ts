import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { decryptBoardValue } from '../crypto/decrypt-memo.ts';
import type { Sealed } from '../crypto/envelope.ts';

/** A visitor on the live board, with their open escort assignment and unacknowledged alerts. */
export interface OnSiteVisit {
  id: string;
  siteId: string;
  visitorName: string;
  visitorOrganisation: string;
  category: string;
  state: string;
  signedInAt: Date;
  escortStaffId: string | null;
  escortName: string | null;
  escortConfirmedAt: Date | null;
  handoverToName: string | null;
  openAlerts: string[];
}

type OnSiteRow = Sealed<
  Omit<OnSiteVisit, 'signedInAt' | 'escortConfirmedAt'> & { signedInAt: string; escortConfirmedAt: string | null },
  'visitorName' | 'visitorOrganisation'
>;

/**
 * Everyone still on site at these sites, newest first, with the open escort assignment. Joined once rather than
 * looked up per column: the board is read on every change at the site, and a visit has at most one open assignment
 * (escort_assignment_open_idx is unique), so the joins never repeat a visit.
 */
export async function listOnSiteVisits(db: DbOrTx, params: { siteIds: string[] }): Promise<OnSiteVisit[]> {
  if (params.siteIds.length === 0) return [];
  const rows = await db.execute<OnSiteRow>(onSiteSql(params.siteIds));
  return rows.map((r) => ({
    id: r.id,
    siteId: r.siteId,
    visitorName: decryptBoardValue(r.visitorName),
    visitorOrganisation: decryptBoardValue(r.visitorOrganisation),
    category: r.category,
    state: r.state,
    signedInAt: new Date(r.signedInAt),
    escortStaffId: r.escortStaffId,
    escortName: r.escortName,
    escortConfirmedAt: r.escortConfirmedAt === null ? null : new Date(r.escortConfirmedAt),
    handoverToName: r.handoverToName,
    openAlerts: r.openAlerts,
  }));
}

// Plain SQL, the sites one array parameter, its rows shaped above: drizzle's query builder (building the query on
// every call, mapping each field) was half of node's CPU per board read, deciphering each visitor's details a third;
// the memo serves the details, since every change at a site re-reads the same few visitors.
const onSiteSql = (siteIds: string[]) => sql`
  select v.id, v.site_id as "siteId", v.visitor_name as "visitorName",
         v.visitor_organisation as "visitorOrganisation", v.category, v.state, v.signed_in_at as "signedInAt",
         a.staff_id as "escortStaffId", es.name as "escortName", a.confirmed_at as "escortConfirmedAt",
         hs.name as "handoverToName",
         array(select al.kind from alert al
               where al.visit_id = v.id and al.acknowledged_at is null order by al.raised_at) as "openAlerts"
  from visit v
  left join escort_assignment a on a.visit_id = v.id and a.ended_at is null
  left join staff es on es.id = a.staff_id
  left join staff hs on hs.id = a.offered_to_staff_id
  where v.site_id = any(${sql.param(siteIds)}::uuid[]) and v.signed_out_at is null
  order by v.signed_in_at desc`;
