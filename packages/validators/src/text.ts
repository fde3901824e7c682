import { z } from 'zod';

/**
 * What no typed text contains: control characters (NUL cannot even be stored in PostgreSQL text, and the others
 * corrupt badges, CSV exports and logs) and lone UTF-16 surrogates (half of an emoji: not text, and silently turned
 * into "�" on its way to the database).
 */
const forbidden = /[\p{Cc}\p{Cs}]/u;
/** Line breaks and tabs belong in a document's text or a note. */
const layout = /[\t\n\r]/g;

export const unreadableTextMessage = 'Contains invisible control characters or broken text; please type it again';

export interface TextOptions {
  /** The message when the value is missing or not a string. */
  error?: string;
  /** The message when it holds a forbidden character (default: `unreadableTextMessage`). */
  invalid?: string;
  /** Allow line breaks and tabs (a document's body, a note; a code a scanner may end with a tab). */
  multiline?: boolean;
  /** Trim surrounding white space first, so a pasted trailing line break is not refused. */
  trim?: boolean;
}

/**
 * The base of every free-text string in an input: refuses control characters and lone surrogates with a field error
 * before any length or format is checked, so a hostile character never reaches the database. Chain trim/min/max after it.
 */
export function text(options: TextOptions = {}) {
  const base = z.string(options.error === undefined ? undefined : { error: options.error });
  return (options.trim ? base.trim() : base).refine(
    (s) => !forbidden.test(options.multiline ? s.replace(layout, '') : s),
    {
      error: options.invalid ?? unreadableTextMessage,
      abort: true,
    },
  );
}
