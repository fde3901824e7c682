import type { FieldError } from '@threshold/validators';
import type { Payload } from './records.ts';

/**
 * What the shared schema (the server's own) rejects in a record, as field errors, empty when it is valid: checked before a record
 * is queued, so nothing the tablet keeps can be refused as malformed when it is finally sent. Loaded on demand, so zod
 * stays out of the JavaScript the first screen needs (the service worker has it cached for offline use).
 */
export async function invalidFields(payload: Payload): Promise<FieldError[]> {
  const { fieldErrorOfIssue, signInInput, signOutInput } = await import('@threshold/validators');
  const result =
    payload.kind === 'sign-in' ? signInInput.safeParse(payload.input) : signOutInput.safeParse(payload.input);
  return result.success ? [] : result.error.issues.map(fieldErrorOfIssue);
}
