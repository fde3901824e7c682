import type { AppRouter } from '@threshold/api';
import type { FieldError, VisitorCategory } from '@threshold/validators';
import type { inferRouterOutputs } from '@trpc/server';

type Outputs = inferRouterOutputs<AppRouter>;
export type KioskStatus = Outputs['kiosk']['status'];
export type JourneyDocuments = Outputs['kiosk']['documents'];
export type JourneyDocument = JourneyDocuments['form'];

/** Everything a visitor has entered so far. It lives only in memory and is dropped on reset. */
export interface JourneyAnswers {
  fullName: string;
  organisation: string;
  category: VisitorCategory | null;
  purpose: string;
  hostName: string;
  email: string;
  typedName: string;
  signature: string | null;
  /** A reference to a signature given on an earlier visit, accepted by the server, instead of `signature`. */
  signatureReference: string | null;
  noPhotographyAccepted: boolean;
}

export const emptyAnswers: JourneyAnswers = {
  fullName: '',
  organisation: '',
  category: null,
  purpose: '',
  hostName: '',
  email: '',
  typedName: '',
  signature: null,
  signatureReference: null,
  noPhotographyAccepted: false,
};

/** The sign-in questions, in order; the step indicator counts them. */
export const signInSteps = [
  'name',
  'organisation',
  'category',
  'purpose',
  'host',
  'email',
  'form',
  'sign',
  'policies',
  'no-photo',
] as const;
export type SignInStep = (typeof signInSteps)[number];

/**
 * Why a submitted sign-in did not lead to a badge, and so what the visitor can do next: `fix` the answers at `step`
 * (the journey goes back there and shows each error beside its field); read changed documents again; nothing to put
 * right (`invalid`: sending the same input again would be refused again); or try again (`refused` for another
 * reason, its `message` the server's English).
 */
export type SubmitProblem =
  | { kind: 'fix'; step: SignInStep; errors: FieldError[] }
  | { kind: 'documents-changed' }
  | { kind: 'invalid' }
  | { kind: 'refused'; message: string }
  | { kind: 'not-kept' };

export type Step =
  | { name: 'welcome' }
  | { name: SignInStep }
  /** `signedAt`: when the visitor tapped the final button (the server's time, as the tablet knows it). */
  | { name: 'submitting'; signedAt: Date }
  | { name: 'submit-problem'; signedAt: Date; problem: SubmitProblem }
  /** `kept`: the tablet holds the sign-in and will send it when the connection is back. */
  | { name: 'badge'; visitCode: string; signedInAt: Date; signatureReference: string | null; kept: boolean }
  | { name: 'sign-out' }
  | { name: 'sign-out-confirm'; visitCode: string; problem: string | null }
  | { name: 'signing-out'; visitCode: string; idempotencyKey: string; signedOutAt: Date }
  | { name: 'signed-out'; kept: boolean };
