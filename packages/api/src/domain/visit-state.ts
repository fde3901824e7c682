import type { VisitState } from '@threshold/validators';

export const visitEvents = [
  'clear_screening',
  'confirm_escort',
  'lose_escort',
  'offer_handover',
  'accept_handover',
  'cancel_handover',
  'sign_out',
  'day_end',
  'confirm_departure',
] as const;
export type VisitEvent = (typeof visitEvents)[number];

const signOutOrDayEnd = { sign_out: 'signed_out', day_end: 'departure_unconfirmed' } as const;

/** The whole visit/escort lifecycle. Anything not listed here is illegal. */
const transitions: Record<VisitState, Partial<Record<VisitEvent, VisitState>>> = {
  screening: { clear_screening: 'awaiting_escort', sign_out: 'signed_out' },
  awaiting_escort: { confirm_escort: 'escorted', ...signOutOrDayEnd },
  escorted: { offer_handover: 'handover_pending', lose_escort: 'awaiting_escort', ...signOutOrDayEnd },
  handover_pending: {
    accept_handover: 'escorted',
    cancel_handover: 'escorted',
    lose_escort: 'awaiting_escort',
    ...signOutOrDayEnd,
  },
  // A visitor still here after day end may sign themselves out; a coordinator may confirm they left.
  departure_unconfirmed: { confirm_departure: 'signed_out', sign_out: 'signed_out' },
  signed_out: {},
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: VisitState,
    readonly event: VisitEvent,
  ) {
    super(`A visit that is ${from.replaceAll('_', ' ')} cannot ${event.replaceAll('_', ' ')}`);
    this.name = 'IllegalTransitionError';
  }
}

/** The one function every router uses to move a visit between states. */
export function transition(from: VisitState, event: VisitEvent): VisitState {
  const to = transitions[from][event];
  if (!to) throw new IllegalTransitionError(from, event);
  return to;
}

/** A visitor matched by screening is held at the kiosk; everyone else waits for an escort. */
export function initialVisitState(opts: { heldForScreening: boolean }): VisitState {
  return opts.heldForScreening ? 'screening' : 'awaiting_escort';
}

export function isOnSite(state: VisitState): boolean {
  return state !== 'signed_out';
}
