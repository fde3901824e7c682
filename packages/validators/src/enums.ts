import { z } from 'zod';

export const visitorCategories = [
  'researcher',
  'donor',
  'sponsor',
  'volunteer',
  'student_placement',
  'professional_other_agency',
  'contractor',
  'other',
] as const;
export const visitorCategory = z.enum(visitorCategories);
export type VisitorCategory = z.infer<typeof visitorCategory>;

export const visitStates = [
  'screening',
  'awaiting_escort',
  'escorted',
  'handover_pending',
  'signed_out',
  'departure_unconfirmed',
] as const;
export const visitState = z.enum(visitStates);
export type VisitState = z.infer<typeof visitState>;

export const staffRoles = ['admin', 'coordinator', 'reception', 'escort'] as const;
export const staffRole = z.enum(staffRoles);
export type StaffRole = z.infer<typeof staffRole>;
/**
 * Roles that show visitors' names: coordinators read every visit; reception sees everyone on site now and the
 * desk's alerts. An escort sees only the visitors assigned to them, so it is not one of these.
 */
export const visitReadingRoles = ['coordinator', 'reception'] as const satisfies readonly StaffRole[];

/**
 * A language code (ISO 639, e.g. "en", "km"). The kiosk speaks every language it has a resource file for; documents
 * fall back to English where a site has not published that language, so adding a language needs no server change.
 */
export const kioskLanguage = z.string().regex(/^[a-z]{2,3}$/, { error: 'Unknown language code' });
export type KioskLanguage = z.infer<typeof kioskLanguage>;

export const documentKinds = [
  'visitor_confidentiality_form',
  'confidentiality_policy',
  'disclosure_policy',
  'no_photography_statement',
  'staff_policy',
] as const;
export const documentKind = z.enum(documentKinds);
export type DocumentKind = z.infer<typeof documentKind>;

export const acknowledgementKinds = ['policy_received', 'no_photography'] as const;
export type AcknowledgementKind = (typeof acknowledgementKinds)[number];

export const alertKinds = [
  'unescorted',
  'escort_off_duty',
  'escort_deactivated',
  'overrun',
  // Someone was given a role that reads visit records: coordinators check it was expected.
  'visit_access_granted',
  // A concern raised during a visit: coordinators act at once.
  'safeguarding_concern',
  // A sign-in matched the deny list (or the check could not run): a coordinator admits or refuses at once.
  'screening',
  // A coordinator refused a visitor held at sign-in: reception asks them to leave.
  'screening_refused',
] as const;
export const alertKind = z.enum(alertKinds);
export type AlertKind = z.infer<typeof alertKind>;

export const badgeFormats = ['label-62mm', 'a6'] as const;
export type BadgeFormat = (typeof badgeFormats)[number];
