import { z } from 'zod';

/**
 * What can be wrong with a visit, the one list the visit log, the log review, the report and the export share.
 * The SQL deciding each kind lives in @threshold/db (queries/visit-exceptions.ts), which mirrors these names.
 */
export const logExceptionKinds = ['no_sign_out', 'unescorted', 'missing_form', 'missing_acknowledgement'] as const;
export const logExceptionKind = z.enum(logExceptionKinds);
export type LogExceptionKind = z.infer<typeof logExceptionKind>;

/** Each kind's name, as the log's column, the review's counts and the export's cells show it. */
export const logExceptionLabels: Record<LogExceptionKind, string> = {
  no_sign_out: 'No sign-out',
  unescorted: 'Unescorted time',
  missing_form: 'Form not signed',
  missing_acknowledgement: 'Acknowledgement missing',
};

/** What each kind means, for a filter's or a report's explanation. */
export const logExceptionHelp: Record<LogExceptionKind, string> = {
  no_sign_out: 'still recorded on site after the day they came',
  unescorted: 'longer without a confirmed escort than the site allows',
  missing_form: 'no signed Confidentiality for Visitors form',
  missing_acknowledgement: 'a policy or the no-photography statement was not acknowledged',
};

/** A count of zero for every kind, to add a period's visits to. */
export function noExceptions(): Record<LogExceptionKind, number> {
  return { no_sign_out: 0, unescorted: 0, missing_form: 0, missing_acknowledgement: 0 };
}
