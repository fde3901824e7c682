import { TRPCClientError } from '@trpc/client';

export interface FormErrors {
  /** Errors to show next to their field, by field name. */
  fields: Record<string, string>;
  /** An error that belongs to no field of this form. */
  message: string | null;
}

/**
 * Splits a failed call's error into field errors and a general message. Input validation names its fields;
 * a rule checked on the server names its field as a prefix ("reviewBy: Choose a date…").
 */
export function formErrorsOf(error: unknown, fieldNames: readonly string[]): FormErrors {
  if (!error) return { fields: {}, message: null };
  if (!(error instanceof TRPCClientError)) return { fields: {}, message: 'Something went wrong. Please try again.' };
  const issues = (error.data as { fieldErrors?: { path: string; message: string }[] } | undefined)?.fieldErrors ?? [];
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const name = issue.path.split('.')[0] ?? '';
    if (fieldNames.includes(name)) fields[name] ??= issue.message;
  }
  if (issues.length > 0 && Object.keys(fields).length === issues.length) return { fields, message: null };
  const prefixed = /^(\w+): (.+)$/.exec(error.message);
  if (issues.length === 0 && prefixed?.[1] && prefixed[2] && fieldNames.includes(prefixed[1])) {
    return { fields: { [prefixed[1]]: prefixed[2] }, message: null };
  }
  return { fields, message: error.message };
}
