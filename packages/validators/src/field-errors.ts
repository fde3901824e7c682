import type { z } from 'zod';

/**
 * One problem with one field of an input, as the server sends it (`data.fieldErrors`) and both apps show it.
 * `key` names the problem for translation; `params` holds the values its message quotes.
 */
export interface FieldError {
  path: string;
  message: string;
  key?: string;
  params?: Record<string, string | number>;
}

/** A problem with the input as a whole (not an object, say) is named `input`, so every field error names a field. */
export const WHOLE_INPUT = 'input';

const limitOf = (value: number | bigint) => (typeof value === 'bigint' ? value.toString() : value);

/**
 * A zod issue as a field error. Its key is derived, not attached to the schemas: the field's path without list
 * positions, then zod's issue code (`fullName.too_big`, `signature.typedName.custom`), so it stays stable as long as
 * the field and the kind of rule do. The kiosk translates by it, from the same schemas, on either side of the wire.
 */
export function fieldErrorOfIssue(issue: z.core.$ZodIssue): FieldError {
  const path = issue.path.map(String).join('.') || WHOLE_INPUT;
  const named = issue.path.filter((p): p is string => typeof p === 'string').join('.') || WHOLE_INPUT;
  const params: FieldError['params'] =
    issue.code === 'too_big'
      ? { maximum: limitOf(issue.maximum) }
      : issue.code === 'too_small'
        ? { minimum: limitOf(issue.minimum) }
        : undefined;
  return { path, message: issue.message, key: `${named}.${issue.code}`, ...(params ? { params } : {}) };
}
