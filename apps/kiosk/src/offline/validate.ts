import type { Payload } from './records.ts';

/**
 * The fields the shared schema (the server's own) rejects in a record, empty when it is valid: checked before a record
 * is queued, so nothing the tablet keeps can be refused as malformed when it is finally sent. Loaded on demand, so zod
 * stays out of the JavaScript the first screen needs (the service worker has it cached for offline use).
 */
export async function invalidFields(payload: Payload): Promise<string[]> {
  const { signInInput, signOutInput } = await import('@threshold/validators');
  const result =
    payload.kind === 'sign-in' ? signInInput.safeParse(payload.input) : signOutInput.safeParse(payload.input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}
