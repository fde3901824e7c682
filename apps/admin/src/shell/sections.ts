import type { Section } from '@threshold/validators';

/** The admin's sections in nav order: where each lives in the URL and what the nav calls it. */
export const sections = [
  { id: 'board', path: 'board', label: 'On site now' },
  { id: 'rollCall', path: 'roll-call', label: 'Roll call' },
  { id: 'mine', path: 'mine', label: 'My visitors' },
  { id: 'escorts', path: 'escorts', label: 'Escorts' },
  { id: 'log', path: 'log', label: 'Visit log' },
  { id: 'review', path: 'review', label: 'Log review' },
  { id: 'reports', path: 'reports', label: 'Reports' },
  { id: 'outbox', path: 'outbox', label: 'Outbox' },
  { id: 'staff', path: 'staff', label: 'Staff' },
  { id: 'kiosks', path: 'kiosks', label: 'Kiosks' },
  { id: 'documents', path: 'documents', label: 'Forms & policies' },
  { id: 'settings', path: 'settings', label: 'Site settings' },
  { id: 'audit', path: 'audit', label: 'Audit trail' },
  { id: 'disclosures', path: 'disclosures', label: 'Disclosures' },
  { id: 'holds', path: 'holds', label: 'Holds' },
  { id: 'concerns', path: 'concerns', label: 'Concerns' },
  { id: 'denyList', path: 'deny-list', label: 'Deny list' },
  { id: 'subjectAccess', path: 'subject-access', label: 'Subject access' },
  { id: 'retention', path: 'retention', label: 'Retention' },
  { id: 'account', path: 'account', label: 'My account' },
] as const satisfies readonly { id: Section; path: string; label: string }[];

/** A section's segment in the URL; every section route is one of these. */
export type SectionPath = (typeof sections)[number]['path'];

/** The section a URL path (`/sites/<id>/<section>/…`) is in, if any. */
export function sectionOfPath(pathname: string): (typeof sections)[number] | undefined {
  const segment = pathname.split('/')[3];
  return sections.find((s) => s.path === segment);
}
