/**
 * A policy or form is stored as plain text (the signed SHA-256 is of that text), paragraphs separated by a blank
 * line. Its sub-headings are the short one-line paragraphs that do not end a sentence — "What you agree to",
 * "ការសន្យារបស់យើង" — and are followed by more text. Shown as headings, a screen reader can list and jump to them.
 */
export type DocumentBlock = { kind: 'heading'; text: string } | { kind: 'paragraph'; text: string };

const MAX_HEADING_LENGTH = 100;
// Sentence and clause endings in English and Khmer (។ ៕ are the Khmer full stops).
const ENDS_SENTENCE = /[.!?:;,…។៕]$/u;
// "1. ", "១. ", "a) ", "• ", "- ": the start of a list item, never a heading.
const LIST_ITEM = /^(?:[\p{Nd}]+[.)]|[a-z][.)]|[•\-*–])\s/u;

function isHeading(block: string, hasFollowingText: boolean): boolean {
  return (
    hasFollowingText &&
    !block.includes('\n') &&
    block.length <= MAX_HEADING_LENGTH &&
    !ENDS_SENTENCE.test(block) &&
    !LIST_ITEM.test(block)
  );
}

export function documentBlocks(body: string): DocumentBlock[] {
  const blocks = body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  return blocks.map((text, i) => ({ kind: isHeading(text, i < blocks.length - 1) ? 'heading' : 'paragraph', text }));
}
