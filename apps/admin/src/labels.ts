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
  // Desk staff see this too: it must not say why (a deny-list match, or a check that could not run).
  screening: 'Waiting for a coordinator',
  awaiting_escort: 'Waiting for escort',
  escorted: 'Escorted',
  handover_pending: 'Handover pending',
  signed_out: 'Signed out',
  departure_unconfirmed: 'Departure not confirmed',
};

export function labelOf<K extends string>(labels: Record<K, string>, key: string): string {
  return (labels as Record<string, string>)[key] ?? key;
}

const alertLabels: Record<string, { title: string; action: string }> = {
  safeguarding_concern: {
    title: 'Safeguarding concern raised',
    action:
      'Read the concern under Concerns and act on it now. The visit is held, so its record is kept; acknowledge this alert with what was done.',
  },
  screening: {
    title: 'Sign-in waiting for a coordinator',
    action:
      'Coordinators: admit or refuse the visitor under Deny list now. Reception: keep the visitor in reception kindly, without saying why they wait.',
  },
  screening_refused: {
    title: 'Visitor not admitted',
    action:
      'A coordinator decided this visit cannot go ahead. Tell the visitor calmly, without saying why or naming anyone here, and collect the badge. If they will not leave or anyone feels unsafe, call the police. Acknowledge once they have left.',
  },
  unescorted: {
    title: 'No confirmed escort',
    action: 'Find the visitor now and make sure a trained escort is with them, then assign or confirm the escort.',
  },
  escort_off_duty: {
    title: 'Escort went off duty',
    action: 'The visitor is unescorted: assign another escort from the board at once.',
  },
  escort_deactivated: {
    title: 'Escort account deactivated',
    action: 'The visitor is unescorted: assign another escort from the board at once.',
  },
  overrun: {
    title: 'Visit has overrun',
    action: 'Check with the escort whether the visitor is still on site, and sign them out if they have left.',
  },
  visit_access_granted: {
    title: 'Access to visit records given',
    action:
      'Coordinators have an email saying who gave it. If you did not expect this, ask another admin to remove the role, and check the audit trail.',
  },
};

export function alertLabel(kind: string): { title: string; action: string } {
  return alertLabels[kind] ?? { title: kind, action: 'Check on the visitor.' };
}
