import {
  addCounts,
  countExpiredDisclosures,
  countExpiredVisits,
  type Db,
  type DestroyedCounts,
  deleteDisclosures,
  destroyVisits,
  finishRetentionPurge,
  insertRetentionPurge,
  listExpiredVisits,
  listRetentionPeriods,
  lockExpiredDisclosureIds,
  lockExpiredVisitIds,
  noneDestroyed,
  type PurgePeriod,
} from '@threshold/db';
import type { PurgeTrigger } from '@threshold/validators';
import { writeAudit } from '../audit.ts';

const SYSTEM = { type: 'system', id: null } as const;

/** Visits per transaction: short enough that a sign-in never waits long behind a purge. */
export const PURGE_BATCH = 500;

export interface PurgeOptions {
  /** The clock the periods are counted back from. */
  now: Date;
  trigger: PurgeTrigger;
  /** One organisation only; every organisation when omitted. */
  organisationId?: string;
  batchSize?: number;
}

export interface PurgeResult {
  organisationId: string;
  purgeId: string;
  counts: DestroyedCounts & { disclosureRequests: number };
  skippedHeld: number;
}

/** The day `months` calendar months before `now` (the same time of day, in UTC). */
export function cutoffFor(now: Date, months: number): Date {
  const cutoff = new Date(now);
  const day = cutoff.getUTCDate();
  cutoff.setUTCDate(1);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  // 31 March less one month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(cutoff.getUTCFullYear(), cutoff.getUTCMonth() + 1, 0)).getUTCDate();
  cutoff.setUTCDate(Math.min(day, lastDay));
  return cutoff;
}

async function periodsByOrganisation(db: Db, now: Date, organisationId?: string) {
  const rows = await listRetentionPeriods(db, organisationId ? { organisationId } : {});
  const byOrg = new Map<string, PurgePeriod[]>();
  for (const row of rows) {
    const list = byOrg.get(row.organisationId) ?? [];
    list.push({ siteId: row.siteId, months: row.months, cutoff: cutoffFor(now, row.months).toISOString() });
    byOrg.set(row.organisationId, list);
  }
  return byOrg;
}

/**
 * Destroys every visit past its site's retention period (counted from its end: sign-out or recorded departure)
 * unless a safeguarding hold keeps it, then the disclosure-register requests older than the period, in short
 * transactions of `batchSize`. Each batch writes its audit row (the ids destroyed: no personal data) in the same
 * transaction; one purge record per organisation keeps the counts. Needs the OWNER connection (see destroyVisits).
 */
export async function runRetentionPurge(db: Db, options: PurgeOptions): Promise<PurgeResult[]> {
  const batch = options.batchSize ?? PURGE_BATCH;
  const results: PurgeResult[] = [];
  for (const [organisationId, periods] of await periodsByOrganisation(db, options.now, options.organisationId)) {
    const purgeId = await insertRetentionPurge(db, {
      organisationId,
      trigger: options.trigger,
      // When it actually ran; `now` decides the cutoffs (a test or a catch-up run may set it).
      startedAt: new Date(),
      periods,
    });
    let counts = noneDestroyed();
    let disclosureRequests = 0;
    let skippedHeld = 0;
    try {
      for (const period of periods) {
        const scope = { organisationId, siteId: period.siteId };
        const cutoff = new Date(period.cutoff);
        for (;;) {
          const done = await db.transaction(async (tx) => {
            const ids = await lockExpiredVisitIds(tx, { siteId: period.siteId, cutoff, limit: batch });
            if (ids.length === 0) return true;
            counts = addCounts(counts, await destroyVisits(tx, { visitIds: ids }));
            await writeAudit(tx, SYSTEM, scope, {
              type: 'retention.visits_destroyed',
              data: { purgeId, visitIds: ids },
            });
            return false;
          });
          if (done) break;
        }
        for (;;) {
          const done = await db.transaction(async (tx) => {
            const ids = await lockExpiredDisclosureIds(tx, { siteId: period.siteId, cutoff, limit: batch });
            if (ids.length === 0) return true;
            disclosureRequests += await deleteDisclosures(tx, { ids });
            await writeAudit(tx, SYSTEM, scope, {
              type: 'retention.disclosures_destroyed',
              data: { purgeId, disclosureIds: ids },
            });
            return false;
          });
          if (done) break;
        }
        skippedHeld += (await countExpiredVisits(db, { siteId: period.siteId, cutoff })).held;
      }
    } catch (err) {
      await finishRetentionPurge(db, {
        id: purgeId,
        status: 'failed',
        finishedAt: new Date(),
        counts: { ...counts, disclosureRequests },
        skippedHeld,
      });
      throw err;
    }
    const total = { ...counts, disclosureRequests };
    await db.transaction(async (tx) => {
      await finishRetentionPurge(tx, {
        id: purgeId,
        status: 'finished',
        finishedAt: new Date(),
        counts: total,
        skippedHeld,
      });
      await writeAudit(
        tx,
        SYSTEM,
        { organisationId, siteId: null },
        {
          type: 'retention.purge_finished',
          data: { purgeId, trigger: options.trigger, visits: total.visits, disclosureRequests, skippedHeld },
        },
      );
    });
    results.push({ organisationId, purgeId, counts: total, skippedHeld });
  }
  return results;
}

export interface DryRunSite {
  organisationId: string;
  siteId: string;
  months: number;
  cutoff: string;
  expired: number;
  held: number;
  disclosureRequests: number;
  /** The first `listLimit` visits that would go: ids and dates only. */
  visits: { id: string; signedInAt: Date; signedOutAt: Date | null }[];
}

/** What a purge at `now` would destroy, per site, writing nothing. */
export async function previewRetentionPurge(
  db: Db,
  options: { now: Date; organisationId?: string; listLimit: number },
): Promise<DryRunSite[]> {
  const out: DryRunSite[] = [];
  for (const [organisationId, periods] of await periodsByOrganisation(db, options.now, options.organisationId)) {
    for (const period of periods) {
      const cutoff = new Date(period.cutoff);
      const { expired, held } = await countExpiredVisits(db, { siteId: period.siteId, cutoff });
      out.push({
        organisationId,
        ...period,
        expired: expired - held,
        held,
        disclosureRequests: await countExpiredDisclosures(db, { siteId: period.siteId, cutoff }),
        visits: await listExpiredVisits(db, { siteId: period.siteId, cutoff, limit: options.listLimit }),
      });
    }
  }
  return out;
}
