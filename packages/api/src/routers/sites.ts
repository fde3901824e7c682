import { sectionRoles, siteScopedInput, updateSiteSettingsInput } from '@threshold/validators';
import { readSiteSettings, saveSiteSettings } from '../domain/site-settings.ts';
import { router, staffProcedure } from '../trpc.ts';

const admin = staffProcedure(...sectionRoles.settings);

export const sitesRouter = router({
  /** The site's settings and its organisation's (escort training validity, confirmation target). */
  get: admin.input(siteScopedInput).query(({ ctx }) => readSiteSettings(ctx.db, { siteId: ctx.siteId })),

  /** Saves the whole settings form; returns the names of the fields that changed. */
  update: admin
    .input(updateSiteSettingsInput)
    .mutation(({ ctx, input }) =>
      saveSiteSettings(ctx.db, { siteId: ctx.siteId, staffId: ctx.staff.id, settings: input }),
    ),
});
