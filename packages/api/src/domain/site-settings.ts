import { type Db, type DbOrTx, getSiteSettings, updateOrganisationSettings, updateSiteSettings } from '@threshold/db';
import {
  badgeFormat,
  type OrganisationSettingField,
  type OrganisationSettings,
  organisationSettingFields,
  type SiteSettingField,
  type SiteSettings,
  siteSettingFields,
  visitorCategory,
} from '@threshold/validators';
import { signInCache } from '../cache/sign-in-cache.ts';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';

/** A site's settings and its organisation's, as the settings screen shows them. */
export async function readSiteSettings(db: DbOrTx, params: { siteId: string }) {
  const row = await getSiteSettings(db, { siteId: params.siteId });
  if (!row) throw new DomainError('NOT_FOUND', 'There is no such site.');
  return {
    site: {
      ...row.site,
      // Stored as text; anything that is no longer a product category is dropped rather than shown.
      visitorCategories: row.site.visitorCategories.flatMap((c) => {
        const parsed = visitorCategory.safeParse(c);
        return parsed.success ? [parsed.data] : [];
      }),
      // Only the known formats are ever written; anything else reads as the column's default.
      badgeFormat: badgeFormat.catch('label-62mm').parse(row.site.badgeFormat),
    },
    organisation: row.organisation,
  };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields whose new value differs from the stored one, with those values. */
function changesOf<F extends string, W extends Record<F, unknown>>(
  fields: readonly F[],
  stored: Record<F, unknown>,
  wanted: W,
) {
  const changed = fields.filter((f) => !same(stored[f], wanted[f]));
  const values: Partial<Pick<W, F>> = {};
  for (const f of changed) values[f] = wanted[f];
  return { changed, values };
}

/**
 * Saves the settings form: only what changed is written, and the names of the changed fields (never their values,
 * which may include a concealed site's name) are recorded in the same transaction.
 */
export async function saveSiteSettings(
  db: Db,
  params: { siteId: string; staffId: string; settings: SiteSettings & OrganisationSettings },
): Promise<{ changed: (SiteSettingField | OrganisationSettingField)[] }> {
  const saved = await db.transaction(async (tx) => {
    const stored = await getSiteSettings(tx, { siteId: params.siteId, lock: true });
    if (!stored) throw new DomainError('NOT_FOUND', 'There is no such site.');
    const actor = { type: 'staff', id: params.staffId } as const;
    const scope = { organisationId: stored.organisationId, siteId: params.siteId };

    const site = changesOf(siteSettingFields, stored.site, params.settings);
    if (site.changed.length > 0) {
      await updateSiteSettings(tx, { siteId: params.siteId, settings: site.values });
      await writeAudit(tx, actor, scope, { type: 'site.settings_changed', data: { fields: site.changed } });
    }
    const organisation = changesOf(organisationSettingFields, stored.organisation, params.settings);
    if (organisation.changed.length > 0) {
      await updateOrganisationSettings(tx, { organisationId: stored.organisationId, settings: organisation.values });
      await writeAudit(tx, actor, scope, {
        type: 'organisation.settings_changed',
        data: { fields: organisation.changed },
      });
    }
    return { changed: [...site.changed, ...organisation.changed] };
  });
  // Every process forgets the site when the change's NOTIFY arrives; this one at once, so its next sign-in has it.
  signInCache.forget(params.siteId);
  return saved;
}
