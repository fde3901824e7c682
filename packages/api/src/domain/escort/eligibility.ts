import type { EscortFacts } from '@threshold/db';
import { monthsBefore } from '../dates.ts';

export const ineligibilityReasons = {
  inactive: 'The account is deactivated.',
  not_escort: 'Does not hold the escort role at this site.',
  policy_not_acknowledged: 'Has not accepted the current staff confidentiality and child-protection policy.',
  no_training: 'No safeguarding training is recorded.',
  training_expired: 'Safeguarding training is out of date.',
  off_duty: 'Is not on duty.',
} as const;
export type IneligibilityReason = keyof typeof ineligibilityReasons;

/** Whether a date (YYYY-MM-DD) lies within `months` calendar months before `now` (month ends clamped). */
function within(dateOnly: string, months: number, now: Date): boolean {
  return dateOnly >= monthsBefore(now, months).toISOString().slice(0, 10);
}

/** Every reason this member of staff may not escort now (empty: eligible). */
export function escortIneligibility(facts: EscortFacts, now: Date): IneligibilityReason[] {
  const reasons: IneligibilityReason[] = [];
  if (!facts.active) reasons.push('inactive');
  if (!facts.isEscort) reasons.push('not_escort');
  if (!facts.acknowledgedCurrentPolicy) reasons.push('policy_not_acknowledged');
  if (!facts.trainedOn) reasons.push('no_training');
  else if (!within(facts.trainedOn, facts.trainingValidMonths, now)) reasons.push('training_expired');
  if (!facts.onDuty) reasons.push('off_duty');
  return reasons;
}

export function describeIneligibility(reasons: IneligibilityReason[]): string {
  return reasons.map((r) => ineligibilityReasons[r]).join(' ');
}
