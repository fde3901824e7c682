import type { AppRouter } from '@threshold/api';
import type { VisitorCategory } from '@threshold/validators';
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

export type Step =
  | { name: 'welcome' }
  | { name: SignInStep }
  | { name: 'submitting' }
  | { name: 'badge'; visitCode: string; signedInAt: Date; signatureReference: string | null }
  | { name: 'sign-out' }
  | { name: 'sign-out-confirm'; visitCode: string }
  | { name: 'signed-out' };
