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

export { formatDay } from '../time.ts';
