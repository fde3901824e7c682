import { type DbOrTx, foldedWords, listDenyEntries } from '@threshold/db';

/**
 * Why deny-list entries found for a person are shown to the coordinator but never put in what is exported to them,
 * and why erasure leaves them: said with the entries, so whoever answers the request knows.
 */
export const DENY_LIST_WITHHELD =
  'Withheld from the export: telling someone they are on the deny list could put the people the refuge protects at ' +
  'risk, so it is not sent by default. If it should be disclosed, a coordinator decides and records it in the ' +
  'disclosure register. Erasure never removes an entry: a coordinator removes it on the Deny list page.';

// Apostrophes go inside a word ("O'Brien" = "OBrien"), as the deny list's own matching does.
const wordsOf = (text: string) => foldedWords(text.replace(/['’ʼ`]/g, ''));

/**
 * Whether every word typed begins a word of one of the names (the visit search's rule: "mar cur" finds Marie
 * Curie, in any order, without case or accents).
 */
export function denyNameMatches(term: string, names: readonly string[]): boolean {
  const typed = wordsOf(term);
  if (typed.length === 0) return false;
  return names.some((name) => {
    const words = wordsOf(name);
    return typed.every((t) => words.some((w) => w.startsWith(t)));
  });
}

/**
 * The organisation's current deny-list entries that may be the person searched for, by name or alias (the list
 * holds no email addresses). Entries are few, so they are decrypted and matched here rather than through an index.
 */
export async function subjectDenyEntries(db: DbOrTx, params: { organisationId: string; name: string | undefined }) {
  const { name } = params;
  if (!name) return [];
  const entries = await listDenyEntries(db, { organisationId: params.organisationId });
  return entries.filter((e) => denyNameMatches(name, [e.fullName, ...e.aliases]));
}
