import type { FieldError } from '@threshold/validators';
import type { SignInStep } from './types.ts';

/** The answers a visitor types, by the sign-in input's field that holds each. */
export type AnswerField = 'fullName' | 'organisation' | 'purpose' | 'hostName' | 'email' | 'signature.typedName';

// Which screen holds each field of the sign-in input (by its first path segment).
const stepOfRoot: Record<string, SignInStep> = {
  fullName: 'name',
  organisation: 'organisation',
  category: 'category',
  purpose: 'purpose',
  hostName: 'host',
  email: 'email',
  signature: 'sign',
  reusedSignature: 'sign',
};

// A document reference the visitor was shown: wrong only when a document changed, never something to retype.
const documentPart = /(^|\.)(documentId|documentSha256)$/;

/** The step where the visitor can put right a field the server (or the shared schema) refused, or null. */
export function stepOfField(path: string): SignInStep | null {
  if (documentPart.test(path)) return null;
  return stepOfRoot[path.split('.')[0] ?? ''] ?? null;
}

/** The first step (in journey order) that holds one of these field errors, or null when none can be fixed there. */
export function firstStepToFix(errors: readonly FieldError[], order: readonly SignInStep[]): SignInStep | null {
  const steps = new Set(errors.map((e) => stepOfField(e.path)));
  return order.find((step) => steps.has(step)) ?? null;
}

/** The field errors that belong on one step. */
export function errorsOnStep(errors: readonly FieldError[], step: SignInStep): FieldError[] {
  return errors.filter((e) => stepOfField(e.path) === step);
}

/**
 * Checks one answer with the server's own schema (the shared signInInput), so a step refuses exactly what the server
 * would: the same limits, the same keys. The schemas load on demand, keeping zod out of the first screen's script.
 */
export async function checkAnswer(field: AnswerField, value: string): Promise<FieldError | null> {
  const { fieldErrorOfIssue, signatureInput, signInInput } = await import('@threshold/validators');
  const [schema, path] =
    field === 'signature.typedName'
      ? [signatureInput.shape.typedName, ['signature', 'typedName']]
      : [signInInput.shape[field], [field]];
  const result = schema.safeParse(value);
  const issue = result.error?.issues[0];
  return issue ? fieldErrorOfIssue({ ...issue, path: [...path, ...issue.path] }) : null;
}
