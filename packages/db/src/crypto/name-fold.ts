// The one fold of a person's name, shared by name search (the visit log's blind index, subject access) and the deny
// list, so a name written one way on the list and typed another at the kiosk is the same name to both.

/**
 * Raise whenever foldName's output changes for any name: start-up then rewrites the stored hashes once
 * (reindexNamesOnce). 1 was the fold before this one (NFD, accents U+0300–U+036F only).
 */
export const NAME_FOLD_VERSION = 2;

// Diacritic blocks only (Latin, Greek, Cyrillic accents): other scripts' combining marks (Khmer vowel signs,
// Japanese voicing marks) are part of the letter, not an accent, and stay.
const ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

// Letters that no Unicode decomposition splits into a base letter and an accent, written as people type them on a
// keyboard without them ("Łukasz Søren" is "Lukasz Soren"). Lower case: the fold lower-cases first.
const PLAIN: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ĸ: 'k',
  ƒ: 'f',
  ɨ: 'i',
  ȷ: 'j',
  ƚ: 'l',
  ɍ: 'r',
  ƀ: 'b',
  ɇ: 'e',
  // Greek final sigma: "ΣΟΦΙΑΣ" lower-cases with a final ς, typed mid-word as σ.
  ς: 'σ',
};
const PLAIN_LETTERS = new RegExp(`[${Object.keys(PLAIN).join('')}]`, 'g');

/**
 * A name as compared: lower-cased; compatibility forms made plain (full-width letters, ligatures such as ﬁ and ĳ);
 * accents dropped; undecomposable letters written plainly (ł→l, ø→o, æ→ae, ß→ss, þ→th, ı→i …); recomposed (NFC),
 * so what remains of other scripts is written as usual.
 */
export function foldName(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(ACCENTS, '')
    .replace(PLAIN_LETTERS, (letter) => PLAIN[letter] ?? letter)
    .normalize('NFC');
}

/** The words of a folded name: runs of letters, digits and the marks that belong to them; anything else separates. */
export function foldedWords(text: string): string[] {
  return foldName(text).match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? [];
}
