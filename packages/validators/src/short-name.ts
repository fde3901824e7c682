/**
 * A person's short name, the only form in which a name appears where others can see it (badge, emails, board,
 * escort's phone): the first word of the name that has a letter, and the first letter of the last such word
 * ("Amara Grace Nwosu" → "Amara N."). Decisions:
 * - Words without letters (emoji, stray punctuation, digits) are passed over, so "😀 Dara 🌸 Kim" → "Dara K.".
 *   A name with no letters at all still shows its first word ("😀 🌸" → "😀").
 * - The initial is a whole grapheme (a letter with its accents, or a Khmer consonant with its vowel sign and
 *   subscripts), never half a character.
 * - Punctuation around the first name is dropped ("Kwame. Mensah" → "Kwame M."); the result ends with at most one
 *   period, so a sentence around it must not add another (see `endSentence` in the mail templates).
 * - Khmer typed without spaces is one word and shown whole: a dictionary cannot tell where a name's parts lie.
 * - The string is in logical (reading) order; where it is shown inside other text, isolate its direction
 *   (`isolateDirection`, `<bdi>` or `dir="auto"`), so "محمد ع." keeps its initial on the reading-order side.
 */
export function shortName(fullName: string): string {
  const words = fullName.normalize('NFC').trim().split(separator).filter(Boolean);
  const named = words.filter((word) => letter.test(word));
  const [first] = named;
  if (first === undefined) return words[0] ?? '';
  const given = first.replace(edgePunctuation, '') || first;
  const last = named.length > 1 ? named.at(-1) : undefined;
  const initial = last === undefined ? '' : initialOf(last);
  return initial ? `${given} ${initial}.` : given;
}

/**
 * Wraps text that holds right-to-left letters in Unicode first-strong isolates (FSI … PDI), so plain text around it
 * (an email, a sentence on the badge) neither reorders it nor is reordered by it. Other text is returned as it is.
 */
export function isolateDirection(text: string): string {
  return rightToLeft.test(text) ? `\u2068${text}\u2069` : text;
}

// Khmer is often typed with zero-width spaces between words: they separate parts of a name like spaces do.
const separator = /[\s\u200b]+/u;
const letter = /\p{L}/u;
const edgePunctuation = /^\p{P}+|\p{P}+$/gu;
const rightToLeft =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}\p{Script=Samaritan}\p{Script=Mandaic}]/u;
// An older Unicode segmenter ends a Khmer cluster at the subscript sign (coeng): an initial never ends in one.
const trailingCoeng = /\u17d2+$/u;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function initialOf(word: string): string {
  for (const { segment } of graphemes.segment(word)) {
    if (letter.test(segment)) return segment.replace(trailingCoeng, '').toUpperCase();
  }
  return '';
}
