import type { VisitorCategory, VisitState } from '@threshold/validators';

export const categoryLabel: Record<VisitorCategory, string> = {
  researcher: 'Researcher',
  donor: 'Donor',
  sponsor: 'Sponsor',
  volunteer: 'Volunteer',
  student_placement: 'Student on placement',
  professional_other_agency: 'Professional (other agency)',
  contractor: 'Contractor',
  other: 'Other',
};

export const stateLabel: Record<VisitState, string> = {
  screening: 'Held for screening',
  awaiting_escort: 'Waiting for escort',
  escorted: 'Escorted',
  handover_pending: 'Handover pending',
  signed_out: 'Signed out',
  departure_unconfirmed: 'Departure unconfirmed',
};

export function labelOf<K extends string>(labels: Record<K, string>, key: string): string {
  return (labels as Record<string, string>)[key] ?? key;
}
