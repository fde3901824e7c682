import {
  type Db,
  type DbOrTx,
  getRetentionSettings,
  getRetentionSettingsForUpdate,
  listPurgeSchedules,
  listRetentionPurges,
  saveRetentionSchedule,
  saveRetentionSettings,
} from '@threshold/db';
import type { SetRetentionInput, SetRetentionScheduleInput } from '@threshold/validators';
import { staffActor, writeAudit } from '../audit.ts';
import { DomainError } from '../errors.ts';

const RECENT_PURGES = 20;

/**
 * The periods that apply at the site, the organisation's purge time (with the time zone it is read in) and concern
 * review period, and its latest purges (counts only).
 */
export async function readRetention(db: DbOrTx, params: { siteId: string }) {
  const settings = await getRetentionSettings(db, params);
  if (!settings) throw new DomainError('NOT_FOUND', 'There is no such site.');
  const purges = await listRetentionPurges(db, { organisationId: settings.organisationId, limit: RECENT_PURGES });
  const [schedule] = await listPurgeSchedules(db, { organisationId: settings.organisationId });
  return {
    organisationMonths: settings.organisationMonths,
    siteMonths: settings.siteMonths,
    effectiveMonths: settings.siteMonths ?? settings.organisationMonths,
    purgeTime: settings.purgeTime,
    purgeTimeZone: schedule?.timeZone ?? null,
    concernReviewDays: settings.concernReviewDays,
    purges: purges.map((p) => ({
      ...p,
      counts: p.counts as Record<string, number>,
      periods: p.periods as { siteId: string; months: number; cutoff: string }[],
    })),
  };
}

/** Sets the organisation's period and the site's own; audited with the old and new periods when either changed. */
export async function setRetention(db: Db, params: SetRetentionInput & { staffId: string }) {
  return db.transaction(async (tx) => {
    const before = await getRetentionSettingsForUpdate(tx, { siteId: params.siteId });
    if (!before) throw new DomainError('NOT_FOUND', 'There is no such site.');
    const changed = before.organisationMonths !== params.organisationMonths || before.siteMonths !== params.siteMonths;
    if (!changed) return { changed: false };
    await saveRetentionSettings(tx, {
      organisationId: before.organisationId,
      siteId: params.siteId,
      organisationMonths: params.organisationMonths,
      siteMonths: params.siteMonths,
    });
    await writeAudit(
      tx,
      staffActor(params.staffId),
      { organisationId: before.organisationId, siteId: params.siteId },
      {
        type: 'retention.period_set',
        data: {
          organisationMonthsFrom: before.organisationMonths,
          organisationMonthsTo: params.organisationMonths,
          siteMonthsFrom: before.siteMonths,
          siteMonthsTo: params.siteMonths,
        },
      },
    );
    return { changed: true };
  });
}

/** Sets the organisation's nightly purge time and concern review period; audited with old and new when changed. */
export async function setRetentionSchedule(db: Db, params: SetRetentionScheduleInput & { staffId: string }) {
  return db.transaction(async (tx) => {
    const before = await getRetentionSettingsForUpdate(tx, { siteId: params.siteId });
    if (!before) throw new DomainError('NOT_FOUND', 'There is no such site.');
    const changed = before.purgeTime !== params.purgeTime || before.concernReviewDays !== params.concernReviewDays;
    if (!changed) return { changed: false };
    await saveRetentionSchedule(tx, {
      organisationId: before.organisationId,
      purgeTime: params.purgeTime,
      concernReviewDays: params.concernReviewDays,
    });
    await writeAudit(
      tx,
      staffActor(params.staffId),
      { organisationId: before.organisationId, siteId: params.siteId },
      {
        type: 'retention.schedule_set',
        data: {
          purgeTimeFrom: before.purgeTime,
          purgeTimeTo: params.purgeTime,
          concernReviewDaysFrom: before.concernReviewDays,
          concernReviewDaysTo: params.concernReviewDays,
        },
      },
    );
    return { changed: true };
  });
}
