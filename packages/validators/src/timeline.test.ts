import { describe, expect, it } from 'vitest';
import { auditEventSchema } from './audit.ts';
import { auditEventLabels, timelineEventLabel, timelineEventOf } from './timeline.ts';

const id = '7c1f0a52-3c1e-4c39-9d51-0b2f4f6f3a10';

describe('timeline events', () => {
  it('labels every kind of audit event in words, not its code', () => {
    const kinds = auditEventSchema.options.map((o) => o.shape.type.value);
    expect(Object.keys(auditEventLabels).sort()).toEqual([...kinds].sort());
    for (const label of Object.values(auditEventLabels)) expect(label).toMatch(/^[A-Z][^._]*$/);
  });

  it('reads a stored row as its typed event, named by its label', () => {
    const event = timelineEventOf('roll_call.marked', {
      rollCallId: id,
      entryId: id,
      kind: 'visitor',
      accounted: true,
    });
    expect(event).toEqual({
      type: 'roll_call.marked',
      data: { rollCallId: id, entryId: id, kind: 'visitor', accounted: true },
    });
    expect(timelineEventLabel(event)).toBe('Marked at roll call');
  });

  it('keeps a row in a shape this version no longer knows, as unreadable with the type it was recorded as', () => {
    const event = timelineEventOf('escort.confirmed', { staffId: 'x', via: 'carrier_pigeon' });
    expect(event).toEqual({ type: 'unreadable', data: { recordedAs: 'escort.confirmed' } });
    expect(timelineEventLabel(event)).toBe('An event this version cannot show, recorded as escort.confirmed');
  });
});

describe('the re-encryption label', () => {
  it('says what was re-encrypted, not only visitor details', () => {
    const cli = timelineEventOf('keys.reencrypted', {
      keyId: 'k2',
      visits: 0,
      signatures: 0,
      denyListEntries: 2,
      screeningNotes: 1,
      outboxMessages: 3,
      via: 'cli',
    });
    expect(timelineEventLabel(cli)).toBe(
      'Re-encrypted under key k2: 2 deny-list entries, 1 screening note, 3 email addresses',
    );
    // A row written before the deny list and email addresses were counted.
    const start = timelineEventOf('keys.reencrypted', { keyId: 'k1', visits: 1, signatures: 2, via: 'start' });
    expect(timelineEventLabel(start)).toBe('Encrypted at start-up under key k1: 1 visit, 2 signatures');
    expect(auditEventLabels['keys.reencrypted']).toBe('Personal details re-encrypted');
  });
});
