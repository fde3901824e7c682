import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.ts';

// Name search matches whole words of a name by their beginnings ("mar cur" finds "Marie Curie"), ignoring case
// and accents. It never matches inside a word: when names are encrypted, a keyed blind index of each word's
// prefixes can answer the same question, and an arbitrary substring search could not.

/**
 * A name as a bag of words: decomposed, accents (combining marks U+0300–U+036F) dropped, lower-cased words. This is
 * the indexed expression (visit_name_search_idx): a query must use exactly this to be served by the index.
 */
export function nameWords(text: SQL | AnyPgColumn): SQL {
  return sql`to_tsvector('simple', regexp_replace(normalize(${text}, NFD), '[\\u0300-\\u036f]', '', 'g'))`;
}

/**
 * The words of `term` split exactly as names are, as a query in which each must begin some word of the name (a
 * tsquery such as `'mar':* & 'cur':*`), or null when the term has no words. Quotes and backslashes are escaped, so
 * nothing typed is read as query syntax. The query then reaches the planner as a value, not a sub-select, so it
 * can weigh a rare name (use the index) against a common prefix (walk the log newest-first).
 */
export async function namePrefixQuery(db: DbOrTx, term: string): Promise<string | null> {
  const rows = await db.execute<{ word: string }>(
    sql`select lexeme as word from unnest(${nameWords(sql`${term}::text`)}) order by lexeme`,
  );
  if (rows.length === 0) return null;
  return rows.map((r) => `'${r.word.replaceAll('\\', '\\\\').replaceAll("'", "''")}':*`).join(' & ');
}
