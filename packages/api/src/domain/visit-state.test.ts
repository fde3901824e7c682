import { type VisitState, visitStates } from '@threshold/validators';
import { describe, expect, it } from 'vitest';
import {
  IllegalTransitionError,
  initialVisitState,
  isOnSite,
  transition,
  type VisitEvent,
  visitEvents,
} from './visit-state.ts';

// The lifecycle as the product specifies it, written out by hand so the test does not echo the implementation.
const expected: Record<string, string> = {
  'screening/clear_screening': 'awaiting_escort',
  'screening/sign_out': 'signed_out',

  'awaiting_escort/confirm_escort': 'escorted',
  'awaiting_escort/sign_out': 'signed_out',
  'awaiting_escort/day_end': 'departure_unconfirmed',

  'escorted/offer_handover': 'handover_pending',
  'escorted/lose_escort': 'awaiting_escort',
  'escorted/sign_out': 'signed_out',
  'escorted/day_end': 'departure_unconfirmed',

  'handover_pending/accept_handover': 'escorted',
  'handover_pending/cancel_handover': 'escorted',
  'handover_pending/lose_escort': 'awaiting_escort',
  'handover_pending/sign_out': 'signed_out',
  'handover_pending/day_end': 'departure_unconfirmed',

  'departure_unconfirmed/confirm_departure': 'signed_out',
  'departure_unconfirmed/sign_out': 'signed_out',
};

const allStates: VisitState[] = [
  'screening',
  'awaiting_escort',
  'escorted',
  'handover_pending',
  'signed_out',
  'departure_unconfirmed',
];
const allEvents: VisitEvent[] = [
  'clear_screening',
  'confirm_escort',
  'lose_escort',
  'offer_handover',
  'accept_handover',
  'cancel_handover',
  'sign_out',
  'day_end',
  'confirm_departure',
];

const pairs = allStates.flatMap((from) => allEvents.map((event) => ({ from, event, key: `${from}/${event}` })));
const legal = pairs.filter((p) => p.key in expected);
const illegal = pairs.filter((p) => !(p.key in expected));

describe('visit state machine', () => {
  it('knows exactly the states and events this table was written for', () => {
    // If a state or event is added, this table must be revisited.
    expect([...visitStates].sort()).toEqual([...allStates].sort());
    expect([...visitEvents].sort()).toEqual([...allEvents].sort());
    expect(pairs).toHaveLength(54);
    // Every entry of the table names a real pair, so a typo cannot silently drop a legal transition.
    expect(legal).toHaveLength(Object.keys(expected).length);
    expect(illegal).toHaveLength(54 - 16);
  });

  it.each(legal)('$from --$event--> the expected state', ({ from, event, key }) => {
    expect(transition(from, event)).toBe(expected[key]);
  });

  it.each(illegal)('$from cannot $event', ({ from, event }) => {
    let thrown: unknown;
    try {
      transition(from, event);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(IllegalTransitionError);
    if (!(thrown instanceof IllegalTransitionError)) return;
    expect(thrown.from).toBe(from);
    expect(thrown.event).toBe(event);
    expect(thrown.message).toBe(`A visit that is ${from.replaceAll('_', ' ')} cannot ${event.replaceAll('_', ' ')}`);
  });

  it('a signed-out visit is final', () => {
    for (const event of allEvents) expect(() => transition('signed_out', event)).toThrow(IllegalTransitionError);
  });

  it('starts in screening only when held, otherwise awaiting an escort', () => {
    expect(initialVisitState({ heldForScreening: true })).toBe('screening');
    expect(initialVisitState({ heldForScreening: false })).toBe('awaiting_escort');
  });

  it('counts every state but signed_out as on site', () => {
    expect(allStates.filter(isOnSite).sort()).toEqual(
      ['awaiting_escort', 'departure_unconfirmed', 'escorted', 'handover_pending', 'screening'].sort(),
    );
  });
});
