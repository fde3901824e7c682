import { and, asc, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { disclosureRequest, disclosureVisit } from '../schema/disclosure.ts';
import { staff, staffRole } from '../schema/staff.ts';
import { visit } from '../schema/visit.ts';

// Every read and write of the register's text goes through here, so encryption at rest can land in one place.

export interface DisclosureValues {
  requesterName: string;
  requesterRole: string;
  agency: string;
  receivedOn: string;
  requested: string;
  consent: string;
  reasonWithoutConsent: string;
  toldOn: string | null;
  notToldReason: string;
  released: string;
  releasedOn: string | null;
  decidedByStaffId: string;
}

async function linkVisits(db: DbOrTx, disclosureId: string, visitIds: readonly string[]) {
  await db.delete(disclosureVisit).where(eq(disclosureVisit.disclosureId, disclosureId));
  if (visitIds.length === 0) return;
  await db.insert(disclosureVisit).values(visitIds.map((visitId) => ({ disclosureId, visitId })));
}

export async function insertDisclosure(
  db: DbOrTx,
  params: DisclosureValues & { organisationId: string; siteId: string; visitIds: readonly string[]; now: Date },
) {
  const { visitIds, now, ...values } = params;
  const [row] = await db
    .insert(disclosureRequest)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning({ id: disclosureRequest.id });
  if (!row) throw new Error('disclosure insert returned nothing');
  await linkVisits(db, row.id, visitIds);
  return row;
}

/** Replaces a request's fields and links; false when the site has no such request. */
export async function updateDisclosure(
  db: DbOrTx,
  params: DisclosureValues & { id: string; siteId: string; visitIds: readonly string[]; now: Date },
): Promise<boolean> {
  const { id, siteId, visitIds, now, ...values } = params;
  const rows = await db
    .update(disclosureRequest)
    .set({ ...values, updatedAt: now })
    .where(and(eq(disclosureRequest.id, id), eq(disclosureRequest.siteId, siteId)))
    .returning({ id: disclosureRequest.id });
  if (rows.length === 0) return false;
  await linkVisits(db, id, visitIds);
  return true;
}

/** Which of these visits were at this site (a request links only to its own site's visits). */
export async function visitIdsAtSite(db: DbOrTx, params: { siteId: string; visitIds: readonly string[] }) {
  if (params.visitIds.length === 0) return [];
  const rows = await db
    .select({ id: visit.id })
    .from(visit)
    .where(and(eq(visit.siteId, params.siteId), inArray(visit.id, [...params.visitIds])));
  return rows.map((r) => r.id);
}

/** Whether this member of staff holds any role at the site (who decides a disclosure must work there). */
export async function isStaffAtSite(db: DbOrTx, params: { siteId: string; staffId: string }) {
  const [row] = await db
    .select({ staffId: staffRole.staffId })
    .from(staffRole)
    .where(and(eq(staffRole.siteId, params.siteId), eq(staffRole.staffId, params.staffId)))
    .limit(1);
  return row !== undefined;
}

/** Everyone active holding a role at the site, by name: who may be recorded as deciding a disclosure. */
export async function listDisclosureDeciders(db: DbOrTx, params: { siteId: string }) {
  return db
    .selectDistinct({ id: staff.id, name: staff.name })
    .from(staff)
    .innerJoin(staffRole, eq(staffRole.staffId, staff.id))
    .where(and(eq(staffRole.siteId, params.siteId), eq(staff.active, true)))
    .orderBy(asc(staff.name), asc(staff.id));
}

const columns = {
  id: disclosureRequest.id,
  requesterName: disclosureRequest.requesterName,
  requesterRole: disclosureRequest.requesterRole,
  agency: disclosureRequest.agency,
  receivedOn: disclosureRequest.receivedOn,
  requested: disclosureRequest.requested,
  consent: disclosureRequest.consent,
  reasonWithoutConsent: disclosureRequest.reasonWithoutConsent,
  toldOn: disclosureRequest.toldOn,
  notToldReason: disclosureRequest.notToldReason,
  released: disclosureRequest.released,
  releasedOn: disclosureRequest.releasedOn,
  decidedByStaffId: disclosureRequest.decidedByStaffId,
  decidedByName: staff.name,
  createdAt: disclosureRequest.createdAt,
  updatedAt: disclosureRequest.updatedAt,
  visitCount: sql<number>`(select count(*)::int from disclosure_visit dv where dv.disclosure_id = ${disclosureRequest.id})`,
};

/** A site's requests received in `from`..`to` (both optional, days included), newest first. */
export async function listDisclosures(
  db: DbOrTx,
  params: {
    siteId: string;
    from?: string | undefined;
    to?: string | undefined;
    consent?: string | undefined;
    limit: number;
  },
) {
  return db
    .select(columns)
    .from(disclosureRequest)
    .innerJoin(staff, eq(staff.id, disclosureRequest.decidedByStaffId))
    .where(
      and(
        eq(disclosureRequest.siteId, params.siteId),
        params.from === undefined ? undefined : gte(disclosureRequest.receivedOn, params.from),
        params.to === undefined ? undefined : lte(disclosureRequest.receivedOn, params.to),
        params.consent === undefined ? undefined : eq(disclosureRequest.consent, params.consent),
      ),
    )
    .orderBy(desc(disclosureRequest.receivedOn), desc(disclosureRequest.createdAt))
    .limit(params.limit);
}

/** One request of the site with its linked visits (visitor name and sign-in time), or null. */
export async function getDisclosure(db: DbOrTx, params: { siteId: string; id: string }) {
  const [row] = await db
    .select({ ...columns, organisationId: disclosureRequest.organisationId })
    .from(disclosureRequest)
    .innerJoin(staff, eq(staff.id, disclosureRequest.decidedByStaffId))
    .where(and(eq(disclosureRequest.id, params.id), eq(disclosureRequest.siteId, params.siteId)));
  if (!row) return null;
  const visits = await db
    .select({ id: visit.id, visitorName: visit.visitorName, signedInAt: visit.signedInAt, visitCode: visit.visitCode })
    .from(disclosureVisit)
    .innerJoin(visit, eq(visit.id, disclosureVisit.visitId))
    .where(eq(disclosureVisit.disclosureId, params.id))
    .orderBy(asc(visit.signedInAt));
  return { ...row, visits };
}

/**
 * For the retention purge: requests recorded before `before` (kept like visits, from when they were recorded),
 * oldest first, in batches; a request about a visit under an active safeguarding hold is kept with it.
 * `deleteDisclosures` removes them with their links.
 */
export async function listDisclosuresCreatedBefore(db: DbOrTx, params: { before: Date; limit: number }) {
  return db
    .select({ id: disclosureRequest.id, siteId: disclosureRequest.siteId, createdAt: disclosureRequest.createdAt })
    .from(disclosureRequest)
    .where(
      and(
        lt(disclosureRequest.createdAt, params.before),
        sql`not exists (select 1 from disclosure_visit dv
                        join safeguarding_hold h on h.visit_id = dv.visit_id and h.released_at is null
                        where dv.disclosure_id = ${disclosureRequest.id})`,
      ),
    )
    .orderBy(asc(disclosureRequest.createdAt), asc(disclosureRequest.id))
    .limit(params.limit);
}

export async function deleteDisclosures(db: DbOrTx, params: { ids: readonly string[] }) {
  if (params.ids.length === 0) return 0;
  const rows = await db
    .delete(disclosureRequest)
    .where(inArray(disclosureRequest.id, [...params.ids]))
    .returning({ id: disclosureRequest.id });
  return rows.length;
}
