import { timelineEventOf, type VisitTimelineEvent } from '@threshold/validators';
import { describe, expect, it } from 'vitest';
import { describeEvent } from './visit-log-labels.ts';

const id = '0b6f3c1e-8a2d-4f1e-9c3b-5d7a9e1f2a4b';
const meta = {
  id: 1,
  at: new Date('2026-12-04T10:00:00Z'),
  actorType: 'staff' as const,
  actorName: 'Dana Okafor',
  staffName: 'Ana Silva',
  fromStaffName: null,
  toStaffName: null,
  alertNote: null,
};
const event = (type: string, data: unknown): VisitTimelineEvent => ({ ...meta, ...timelineEventOf(type, data) });

describe('describeEvent', () => {
  it('names an event without a sentence of its own by its label, never its code', () => {
    const marked = event('roll_call.marked', { rollCallId: id, entryId: id, kind: 'visitor', accounted: true });
    expect(describeEvent(marked)).toBe('Marked at roll call (Dana Okafor)');
  });

  it('reads the typed data of the events it tells in full', () => {
    expect(describeEvent(event('escort.confirmed', { staffId: id, via: 'kiosk_pin' }))).toBe(
      'Ana Silva confirmed being with the visitor with their PIN at the kiosk',
    );
    expect(describeEvent(event('escort.lost', { staffId: id, reason: 'off_duty' }))).toBe(
      'Ana Silva stopped escorting: went off duty',
    );
    expect(describeEvent({ ...event('visit.signed_out', { via: 'staff' }), actorType: 'system' })).toBe(
      'Signed out by Threshold',
    );
  });

  it('says an exported visit was included in an export, by whom and why', () => {
    const data = {
      from: '2026-11-30T23:00:00Z',
      to: '2026-12-31T23:00:00Z',
      count: 40,
      via: 'admin',
      reason: 'inspection',
    };
    expect(describeEvent(event('visits.exported', data))).toBe(
      'Included in an export by Dana Okafor (Inspection or audit)',
    );
    const cli = { ...event('visits.exported', { ...data, via: 'cli' }), actorType: 'system' as const, actorName: null };
    expect(describeEvent(cli)).toBe('Included in an export made at the server’s command line (Inspection or audit)');
  });

  it('says plainly when a stored event is in a shape this version cannot show', () => {
    expect(describeEvent(event('escort.confirmed', { via: 'carrier_pigeon' }))).toBe(
      'An event this version cannot show, recorded as escort.confirmed (Dana Okafor)',
    );
  });
});
