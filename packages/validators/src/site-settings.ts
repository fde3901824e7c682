import { z } from 'zod';
import { badgeFormats, visitorCategory } from './enums.ts';
import { siteId } from './scope.ts';
import { text } from './text.ts';

/**
 * An IANA time zone name (Europe/London, Asia/Phnom_Penh, UTC). The runtime's own zone database decides, so a
 * zone the server cannot convert to is never stored; bare offsets such as "+01:00" are not IANA names.
 */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const badgeFormat = z.enum(badgeFormats, { error: 'Choose a badge format' });

function wholeNumber(min: number, max: number, unit: string) {
  const error = `Enter a whole number of ${unit} from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** The settings of one site, as the admin's form sends them (all of them, every time). */
export const siteSettings = z.object({
  name: text({ error: 'Give the site a name', trim: true })
    .min(1, { error: 'Give the site a name' })
    .max(120, { error: 'The name must be 120 characters or fewer' }),
  timezone: text({ error: 'Choose a time zone', trim: true })
    .max(64, { error: 'Choose a time zone from the list, such as Europe/London' })
    .refine(isIanaTimeZone, { error: 'Choose a time zone from the list, such as Europe/London' }),
  concealed: z.boolean({ error: 'Say whether the site is concealed' }),
  visitorCategories: z
    .array(visitorCategory, { error: 'Choose the categories the kiosk offers' })
    .min(1, { error: 'The kiosk must offer at least one category' })
    .refine((list) => new Set(list).size === list.length, { error: 'Each category may be listed once' }),
  idleTimeoutSeconds: wholeNumber(20, 600, 'seconds'),
  // WCAG 2.2.1: at least 20 s to read the badge (and ask for more) before the kiosk starts again.
  badgeReturnSeconds: wholeNumber(20, 120, 'seconds'),
  signatureValidMonths: wholeNumber(0, 24, 'months'),
  badgeFormat,
  escortConfirmSeconds: wholeNumber(60, 3600, 'seconds'),
  expectedVisitMinutes: wholeNumber(15, 1440, 'minutes'),
  // Local time at the site; visits still open then are marked "departure not confirmed".
  closingTime: z
    .string({ error: 'Enter the closing time as hours and minutes, such as 20:00' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Enter the closing time as hours and minutes, such as 20:00' }),
});
export type SiteSettings = z.infer<typeof siteSettings>;
export const siteSettingFields = siteSettings.keyof().options;
export type SiteSettingField = (typeof siteSettingFields)[number];

/** Settings of the whole organisation (every site): escort training validity and the escort-confirmation target. */
export const organisationSettings = z.object({
  escortTrainingValidMonths: wholeNumber(1, 36, 'months'),
  escortConfirmTargetMinutes: wholeNumber(1, 120, 'minutes'),
});
export type OrganisationSettings = z.infer<typeof organisationSettings>;
export const organisationSettingFields = organisationSettings.keyof().options;
export type OrganisationSettingField = (typeof organisationSettingFields)[number];

export const updateSiteSettingsInput = z.object({
  siteId,
  ...siteSettings.shape,
  ...organisationSettings.shape,
});
export type UpdateSiteSettingsInput = z.infer<typeof updateSiteSettingsInput>;
