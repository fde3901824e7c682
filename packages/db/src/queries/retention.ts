import { asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { disclosureRequest } from '../schema/disclosure.ts';
import { organisation, site } from '../schema/organisation.ts';
import { retentionPurge } from '../schema/retention.ts';
import { visit } from '../schema/visit.ts';

/** The organisation's retention period and the site's own (null: it follows the organisation's). */
export async function getRetentionSettings(db: DbOrTx, params: { siteId: string }) {
  const [row] = await db
    .select({
      organisationId: organisation.id,
      organisationMonths: organisation.retentionMonths,
      siteMonths: site.retentionMonths,
      purgeTime: organisation.retentionPurgeTime,
      concernReviewDays: organisation.concernReviewDays,
    })
    .from(site)
    .innerJoin(organisation, eq(organisation.id, site.organisationId))
    .where(eq(site.id, params.siteId));
  return row ?? null;
}

/** Sets both periods (lock them first with `getRetentionSettingsForUpdate`). */
export async function saveRetentionSettings(
  db: DbOrTx,
  params: { organisationId: string; siteId: string; organisationMonths: number; siteMonths: number | null },
) {
  await db
    .update(organisation)
    .set({ retentionMonths: params.organisationMonths })
    .where(eq(organisation.id, params.organisationId));
  await db.update(site).set({ retentionMonths: params.siteMonths }).where(eq(site.id, params.siteId));
}

/** Sets the organisation's nightly purge time and concern review period (lock them first, as above). */
export async function saveRetentionSchedule(
  db: DbOrTx,
  params: { organisationId: string; purgeTime: string; concernReviewDays: number },
) {
  await db
    .update(organisation)
    .set({ retentionPurgeTime: params.purgeTime, concernReviewDays: params.concernReviewDays })
    .where(eq(organisation.id, params.organisationId));
}

/** How many days after a concern its automatic hold comes up for review, in the organisation. */
export async function getConcernReviewDays(db: DbOrTx, params: { organisationId: string }) {
  const [row] = await db
    .select({ days: organisation.concernReviewDays })
    .from(organisation)
    .where(eq(organisation.id, params.organisationId));
  if (!row) throw new Error('organisation not found');
  return row.days;
}

/**
 * Per organisation with a site: its nightly purge time, the time zone it is read in (its first site's), and when
 * its latest scheduled purge started, running or finished (null: never; a failed one is tried again).
 */
export async function listPurgeSchedules(db: DbOrTx, params: { organisationId?: string } = {}) {
  // Spelled out: drizzle leaves a column in a select list unqualified, which a subquery would read as its own.
  const firstSiteZone = sql<string>`(select s.timezone from site s where s.organisation_id = organisation.id
    order by s.created_at, s.id limit 1)`;
  const lastScheduled = sql<Date | null>`(select max(p.started_at) from retention_purge p
    where p.organisation_id = organisation.id and p.trigger = 'schedule' and p.status <> 'failed')`.mapWith(
    retentionPurge.startedAt,
  );
  return db
    .select({
      organisationId: organisation.id,
      purgeTime: organisation.retentionPurgeTime,
      timeZone: firstSiteZone,
      lastScheduledAt: lastScheduled,
    })
    .from(organisation)
    .where(
      sql`exists (select 1 from site s where s.organisation_id = organisation.id)${
        params.organisationId ? sql` and ${organisation.id} = ${params.organisationId}` : sql``
      }`,
    )
    .orderBy(asc(organisation.id));
}

/** Locks the site and its organisation so two admins saving at once record true old/new periods. */
export async function getRetentionSettingsForUpdate(db: DbOrTx, params: { siteId: string }) {
  const [row] = await db
    .select({
      organisationId: organisation.id,
      organisationMonths: organisation.retentionMonths,
      siteMonths: site.retentionMonths,
      purgeTime: organisation.retentionPurgeTime,
      concernReviewDays: organisation.concernReviewDays,
    })
    .from(site)
    .innerJoin(organisation, eq(organisation.id, site.organisationId))
    .where(eq(site.id, params.siteId))
    .for('update');
  return row ?? null;
}

/** Every site with the period that applies to it, grouped by organisation order. */
export async function listRetentionPeriods(db: DbOrTx, params: { organisationId?: string } = {}) {
  return db
    .select({
      organisationId: site.organisationId,
      siteId: site.id,
      months: sql<number>`coalesce(${site.retentionMonths}, ${organisation.retentionMonths})`,
    })
    .from(site)
    .innerJoin(organisation, eq(organisation.id, site.organisationId))
    .where(params.organisationId ? eq(site.organisationId, params.organisationId) : undefined)
    .orderBy(asc(site.organisationId), asc(site.id));
}

// A visit ended before the cutoff also began before it, so the (site_id, signed_in_at) index narrows the scan.
const endedBefore = (siteId: string, cutoff: Date) => sql`${visit.siteId} = ${siteId}
  and ${visit.signedInAt} < ${cutoff.toISOString()}::timestamptz
  and ${visit.signedOutAt} < ${cutoff.toISOString()}::timestamptz`;
const held = sql`exists (select 1 from safeguarding_hold h where h.visit_id = ${visit.id} and h.released_at is null)`;

/**
 * Up to `limit` visits of the site that ended (signed out, or a departure recorded) before `cutoff` and are not held,
 * locked; rows another transaction holds (a sign-out being written) are skipped for the next batch. Open visits
 * (no end) never match.
 */
export async function lockExpiredVisitIds(db: DbOrTx, params: { siteId: string; cutoff: Date; limit: number }) {
  const rows = await db
    .select({ id: visit.id })
    .from(visit)
    .where(sql`${endedBefore(params.siteId, params.cutoff)} and not ${held}`)
    .limit(params.limit)
    .for('update', { skipLocked: true });
  return rows.map((r) => r.id);
}

/** The expired visits of a site for a dry run: ids and dates only, never names. */
export async function listExpiredVisits(db: DbOrTx, params: { siteId: string; cutoff: Date; limit: number }) {
  return db
    .select({ id: visit.id, signedInAt: visit.signedInAt, signedOutAt: visit.signedOutAt })
    .from(visit)
    .where(sql`${endedBefore(params.siteId, params.cutoff)} and not ${held}`)
    .orderBy(asc(visit.signedOutAt), asc(visit.id))
    .limit(params.limit);
}

/** How many visits of the site are past the period, and how many of those a hold keeps. */
export async function countExpiredVisits(db: DbOrTx, params: { siteId: string; cutoff: Date }) {
  const [row] = await db
    .select({
      expired: sql<number>`count(*)::int`,
      held: sql<number>`count(*) filter (where ${held})::int`,
    })
    .from(visit)
    .where(endedBefore(params.siteId, params.cutoff));
  return { expired: row?.expired ?? 0, held: row?.held ?? 0 };
}

// Same rule as listDisclosuresCreatedBefore: a request about a held visit stays.
const disclosureExpired = (siteId: string, cutoff: Date) => sql`${disclosureRequest.siteId} = ${siteId}
  and ${disclosureRequest.createdAt} < ${cutoff.toISOString()}::timestamptz
  and not exists (select 1 from disclosure_visit dv
                  join safeguarding_hold h on h.visit_id = dv.visit_id and h.released_at is null
                  where dv.disclosure_id = ${disclosureRequest.id})`;

/** Up to `limit` disclosure-register requests of the site recorded before `cutoff`, not about a held visit, locked. */
export async function lockExpiredDisclosureIds(db: DbOrTx, params: { siteId: string; cutoff: Date; limit: number }) {
  const rows = await db
    .select({ id: disclosureRequest.id })
    .from(disclosureRequest)
    .where(disclosureExpired(params.siteId, params.cutoff))
    .limit(params.limit)
    .for('update', { skipLocked: true });
  return rows.map((r) => r.id);
}

export async function countExpiredDisclosures(db: DbOrTx, params: { siteId: string; cutoff: Date }) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(disclosureRequest)
    .where(disclosureExpired(params.siteId, params.cutoff));
  return row?.n ?? 0;
}

export interface PurgePeriod {
  siteId: string;
  months: number;
  cutoff: string;
}

export async function insertRetentionPurge(
  db: DbOrTx,
  params: { organisationId: string; trigger: string; startedAt: Date; periods: PurgePeriod[] },
) {
  const [row] = await db.insert(retentionPurge).values(params).returning({ id: retentionPurge.id });
  if (!row) throw new Error('retention purge insert returned nothing');
  return row.id;
}

export async function finishRetentionPurge(
  db: DbOrTx,
  params: {
    id: string;
    status: 'finished' | 'failed';
    finishedAt: Date;
    counts: Record<string, number>;
    skippedHeld: number;
  },
) {
  await db
    .update(retentionPurge)
    .set({
      status: params.status,
      finishedAt: params.finishedAt,
      counts: params.counts,
      skippedHeld: params.skippedHeld,
    })
    .where(eq(retentionPurge.id, params.id));
}

/** The organisation's latest purges, newest first. */
export async function listRetentionPurges(db: DbOrTx, params: { organisationId: string; limit: number }) {
  return db
    .select({
      id: retentionPurge.id,
      trigger: retentionPurge.trigger,
      startedAt: retentionPurge.startedAt,
      finishedAt: retentionPurge.finishedAt,
      status: retentionPurge.status,
      periods: retentionPurge.periods,
      counts: retentionPurge.counts,
      skippedHeld: retentionPurge.skippedHeld,
    })
    .from(retentionPurge)
    .where(eq(retentionPurge.organisationId, params.organisationId))
    .orderBy(desc(retentionPurge.startedAt))
    .limit(params.limit);
}
