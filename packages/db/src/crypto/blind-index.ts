import { blindToken } from './keyring.ts';
import { foldedWords } from './name-fold.ts';

// Name search matches whole words of a name by their beginnings ("mar cur" finds "Marie Curie"), ignoring case and
// accents (foldName), never inside a word. Names are encrypted, so each word's prefixes are stored as keyed hashes (a
// blind index) and a search asks for rows holding the hash of every typed word.

/** Longer prefixes are not indexed: a typed word longer than this matches by its first MAX_PREFIX letters. */
export const MAX_PREFIX = 12;

const prefix = (word: string, length: number) => `p:${[...word].slice(0, length).join('')}`;

/** Every stored token of a name: each word's prefixes of 1..min(length, MAX_PREFIX) characters, once each. */
export function nameIndexTokens(name: string): string[] {
  const tokens = new Set<string>();
  for (const word of foldedWords(name)) {
    const length = Math.min([...word].length, MAX_PREFIX);
    for (let n = 1; n <= length; n++) tokens.add(blindToken(prefix(word, n)));
  }
  return [...tokens];
}

/** The tokens a search term must all match, or null when the term has no words. */
export function nameQueryTokens(term: string): string[] | null {
  const words = foldedWords(term);
  if (words.length === 0) return null;
  return [...new Set(words.map((w) => blindToken(prefix(w, MAX_PREFIX))))];
}

/** An email address's token: trimmed, lower-cased, NFC; null for no address. */
export function emailIndexToken(email: string | null | undefined): string | null {
  const normal = email?.trim().normalize('NFC').toLowerCase();
  return normal ? blindToken(`e:${normal}`) : null;
}
