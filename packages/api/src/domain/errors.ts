import type { FieldError } from '@threshold/validators';

/** What a rule about one input field says: the field, a stable key clients translate by, and the English text. */
export interface FieldProblem {
  /** The input's field, as a dotted path ('reviewBy', 'signature.imagePng'). */
  field: string;
  /** `<field>.<reason>`, e.g. 'reviewBy.past'; never changes with the wording. */
  key: string;
  message: string;
  /** Values the message quotes, so a translation can quote them too. */
  params?: Record<string, string | number>;
}

/** A rule was broken in a way the user can understand and fix; `code` maps to a tRPC error code. */
export class DomainError extends Error {
  /** The field at fault, when there is one: the error formatter sends it as a field error. */
  readonly fieldError: FieldError | null;

  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS' | 'FORBIDDEN' | 'BAD_REQUEST',
    problem: string | FieldProblem,
  ) {
    super(typeof problem === 'string' ? problem : problem.message);
    this.name = 'DomainError';
    this.fieldError =
      typeof problem === 'string'
        ? null
        : {
            path: problem.field,
            message: problem.message,
            key: problem.key,
            ...(problem.params ? { params: problem.params } : {}),
          };
  }
}
