import type { DocumentKind } from '@threshold/validators';

export const documentKindLabel: Record<DocumentKind, string> = {
  visitor_confidentiality_form: 'Confidentiality for Visitors (form)',
  confidentiality_policy: 'Policy on Confidentiality',
  disclosure_policy: 'Policy on Disclosure of Information',
  no_photography_statement: 'No-photography statement',
  staff_policy: 'Staff confidentiality and child-protection policy',
};

const languageNames: Record<string, string> = { en: 'English', km: 'Khmer' };

export function languageLabel(code: string): string {
  return languageNames[code] ?? code;
}

/** A calendar date (YYYY-MM-DD, as review-by dates are kept) for people: "12 May 2027". */
export function formatDay(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
}
