import type { SignInInput } from '@threshold/validators';

/** A completed sign-in, exactly as it will be sent: its own idempotency key, reserved code and the time it was signed. */
export interface SignInPayload {
  kind: 'sign-in';
  input: SignInInput & { signedAt: Date };
}

/** A confirmed sign-out, with its own key and the time the visitor confirmed. */
export interface SignOutPayload {
  kind: 'sign-out';
  input: { visitCode: string; idempotencyKey: string; signedOutAt: Date };
}

export type Payload = SignInPayload | SignOutPayload;

/** A record in the queue; `payload` is null when it could not be decrypted (it is still counted, never sent). */
export interface QueuedRecord {
  id: number;
  payload: Payload | null;
}

/** When the visitor signed in or confirmed leaving: the time the record stands for. */
export function timeOf(payload: Payload): Date {
  return payload.kind === 'sign-in' ? payload.input.signedAt : payload.input.signedOutAt;
}

export function codeOf(payload: Payload): string | null {
  return payload.input.visitCode ?? null;
}
