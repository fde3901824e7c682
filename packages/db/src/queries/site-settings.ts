import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { organisation, site } from '../schema/organisation.ts';

const siteSettingColumns = {
  name: site.name,
  timezone: site.timezone,
  concealed: site.concealed,
  visitorCategories: site.visitorCategories,
  idleTimeoutSeconds: site.idleTimeoutSeconds,
  badgeReturnSeconds: site.badgeReturnSeconds,
  signatureValidMonths: site.signatureValidMonths,
  badgeFormat: site.badgeFormat,
  escortConfirmSeconds: site.escortConfirmSeconds,
  expectedVisitMinutes: site.expectedVisitMinutes,
  closingTime: site.closingTime,
};

const organisationSettingColumns = {
  escortTrainingValidMonths: organisation.escortTrainingValidMonths,
  escortConfirmTargetMinutes: organisation.escortConfirmTargetMinutes,
};

/** A site's settings and its organisation's; `lock` holds both rows for an update in this transaction. */
export async function getSiteSettings(db: DbOrTx, params: { siteId: string; lock?: boolean }) {
  const query = db
    .select({
      siteId: site.id,
      organisationId: site.organisationId,
      site: siteSettingColumns,
      organisation: organisationSettingColumns,
    })
    .from(site)
    .innerJoin(organisation, eq(organisation.id, site.organisationId))
    .where(eq(site.id, params.siteId));
  const [row] = params.lock ? await query.for('update') : await query;
  return row ?? null;
}
export type StoredSiteSettings = NonNullable<Awaited<ReturnType<typeof getSiteSettings>>>;

export async function updateSiteSettings(
  db: DbOrTx,
  params: { siteId: string; settings: Partial<StoredSiteSettings['site']> },
) {
  await db.update(site).set(params.settings).where(eq(site.id, params.siteId));
}

export async function updateOrganisationSettings(
  db: DbOrTx,
  params: { organisationId: string; settings: Partial<StoredSiteSettings['organisation']> },
) {
  await db.update(organisation).set(params.settings).where(eq(organisation.id, params.organisationId));
}
