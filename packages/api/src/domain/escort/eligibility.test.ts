import type { EscortFacts } from '@threshold/db';
import { describe, expect, it } from 'vitest';
import { describeIneligibility, escortIneligibility, ineligibilityReasons } from './eligibility.ts';

const NOW = new Date('2031-07-15T10:30:00.000Z');

/** Someone who may escort at NOW; each test breaks one thing or several. */
const eligible: EscortFacts = {
  staffId: 'staff-1',
  organisationId: 'org-1',
  name: 'Eli Escort',
  active: true,
  isEscort: true,
  onDuty: true,
  trainedOn: '2031-06-01',
  acknowledgedCurrentPolicy: true,
  trainingValidMonths: 6,
};

describe('escortIneligibility', () => {
  it('finds nothing wrong with an active, trained, on-duty escort who accepted the policy', () => {
    expect(escortIneligibility(eligible, NOW)).toEqual([]);
  });

  it.each([
    ['inactive', { active: false }],
    ['not_escort', { isEscort: false }],
    ['policy_not_acknowledged', { acknowledgedCurrentPolicy: false }],
    ['no_training', { trainedOn: null }],
    ['training_expired', { trainedOn: '2030-12-01' }],
    ['off_duty', { onDuty: false }],
  ] as const)('gives %s alone when only that is wrong', (reason, change) => {
    expect(escortIneligibility({ ...eligible, ...change }, NOW)).toEqual([reason]);
  });

  it('gives every reason at once, in a stable order', () => {
    const none = { ...eligible, active: false, isEscort: false, acknowledgedCurrentPolicy: false, onDuty: false };
    expect(escortIneligibility({ ...none, trainedOn: null }, NOW)).toEqual([
      'inactive',
      'not_escort',
      'policy_not_acknowledged',
      'no_training',
      'off_duty',
    ]);
    // Expired training is reported instead of missing training, never both.
    expect(escortIneligibility({ ...none, trainedOn: '2020-01-01' }, NOW)).toEqual([
      'inactive',
      'not_escort',
      'policy_not_acknowledged',
      'training_expired',
      'off_duty',
    ]);
  });

  it('accepts training exactly `months` before today and refuses the day before', () => {
    expect(escortIneligibility({ ...eligible, trainedOn: '2031-01-15' }, NOW)).toEqual([]);
    expect(escortIneligibility({ ...eligible, trainedOn: '2031-01-14' }, NOW)).toEqual(['training_expired']);
    // The time of day does not move the boundary.
    const midnight = new Date('2031-07-15T00:00:00.000Z');
    const lastMinute = new Date('2031-07-15T23:59:59.999Z');
    for (const now of [midnight, lastMinute]) {
      expect(escortIneligibility({ ...eligible, trainedOn: '2031-01-15' }, now)).toEqual([]);
      expect(escortIneligibility({ ...eligible, trainedOn: '2031-01-14' }, now)).toEqual(['training_expired']);
    }
  });

  it('follows the organisation’s validity period', () => {
    const yearly = { ...eligible, trainingValidMonths: 12, trainedOn: '2030-07-15' };
    expect(escortIneligibility(yearly, NOW)).toEqual([]);
    expect(escortIneligibility({ ...yearly, trainedOn: '2030-07-14' }, NOW)).toEqual(['training_expired']);
    expect(escortIneligibility({ ...eligible, trainingValidMonths: 1, trainedOn: '2031-06-14' }, NOW)).toEqual([
      'training_expired',
    ]);
  });

  it('accepts today’s training', () => {
    expect(escortIneligibility({ ...eligible, trainedOn: '2031-07-15' }, NOW)).toEqual([]);
  });

  it('crosses a year boundary', () => {
    const january = new Date('2032-01-10T12:00:00.000Z');
    expect(escortIneligibility({ ...eligible, trainedOn: '2031-07-10' }, january)).toEqual([]);
    expect(escortIneligibility({ ...eligible, trainedOn: '2031-07-09' }, january)).toEqual(['training_expired']);
  });

  // 1 March + 6 months is 1 September, so on 31 August training of 1 March is still within 6 months. Expiry must
  // also be monotonic: training that is valid on 1 September cannot have been expired on 31 August.
  it('at a month end (31 August), keeps training of 1 March valid', () => {
    const trainedMarch1 = { ...eligible, trainedOn: '2031-03-01' };
    const sept1 = escortIneligibility(trainedMarch1, new Date('2031-09-01T12:00:00.000Z'));
    const aug31 = escortIneligibility(trainedMarch1, new Date('2031-08-31T12:00:00.000Z'));
    expect(sept1).toEqual([]);
    expect(aug31).toEqual([]);
  });
});

describe('describeIneligibility', () => {
  it('names each reason in words', () => {
    const text = describeIneligibility(['off_duty', 'training_expired']);
    expect(text).toContain(ineligibilityReasons.off_duty);
    expect(text).toContain(ineligibilityReasons.training_expired);
    expect(text).not.toContain(ineligibilityReasons.inactive);
    expect(describeIneligibility([])).toBe('');
  });
});
