import { nameQueryTokens } from './crypto/blind-index.ts';

// Name search matches whole words of a name by their beginnings ("mar cur" finds "Marie Curie"), ignoring case
// and accents, never inside a word. Names are encrypted, so the search runs on a keyed blind index of each word's
// prefixes (crypto/blind-index.ts, column visit.visitor_name_index, GIN index visit_name_index_idx).

/**
 * The blind-index tokens a name must all hold, as a PostgreSQL array literal (`{…}`) for `@>`, or null when the
 * term has no words. Tokens are base64url, so nothing typed can reach the literal's syntax. The literal reaches the
 * planner as a value, so it can weigh a rare name (use the index) against a common prefix (walk the log).
 */
export function namePrefixQuery(term: string): string | null {
  const tokens = nameQueryTokens(term);
  return tokens === null ? null : `{${tokens.join(',')}}`;
}
