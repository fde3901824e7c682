import type { FieldError } from '@threshold/validators';
import { TRPCClientError } from '@trpc/client';
import { fieldLabel } from './field-labels.ts';

export interface FormErrors {
  /** Errors to show next to their field, by field name. */
  fields: Record<string, string>;
  /** An error that belongs to no field of this form. */
  message: string | null;
}

/**
 * Splits a failed call's error into field errors and a general message, by the server's field errors alone (both
 * input validation and the rules checked on the server name their field). An error about a field this form does not
 * show is said with the field's plain name.
 */
export function formErrorsOf(error: unknown, fieldNames: readonly string[]): FormErrors {
  if (!error) return { fields: {}, message: null };
  if (!(error instanceof TRPCClientError)) return { fields: {}, message: 'Something went wrong. Please try again.' };
  const issues = (error.data as { fieldErrors?: FieldError[] } | undefined)?.fieldErrors ?? [];
  if (issues.length === 0) return { fields: {}, message: error.message };
  const fields: Record<string, string> = {};
  const elsewhere = new Set<string>();
  for (const issue of issues) {
    const name = issue.path.split('.')[0] ?? '';
    if (fieldNames.includes(name)) fields[name] ??= issue.message;
    else elsewhere.add(`${fieldLabel(issue.path)}: ${issue.message}`);
  }
  return { fields, message: elsewhere.size > 0 ? [...elsewhere].join(' ') : null };
}
