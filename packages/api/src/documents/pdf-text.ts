import type { PDFDocument, PDFImage, PDFPage, RGB } from 'pdf-lib';
import { drawRun, type Face, type FontSet, measureRun, type Weight } from './pdf-fonts.ts';

const KHMER = /[\u1780-\u17FF\u19E0-\u19FF]/u;
export const containsKhmer = (text: string): boolean => KHMER.test(text);

const REPLACEMENT = '\uFFFD';
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

interface Run {
  face: Face;
  text: string;
}

/** Splits text into runs of one font each; a character no font has becomes U+FFFD rather than vanishing. */
function runsOf(text: string, faces: readonly Face[]): Run[] {
  const runs: Run[] = [];
  const fallback = faces[0];
  if (!fallback) throw new Error('no fonts embedded');
  // Most text is all in the first font: skip the per-character work.
  if ([...text].every((ch) => fallback.covers.has(ch.codePointAt(0) ?? 0))) return [{ face: fallback, text }];
  for (const { segment } of graphemes.segment(text)) {
    const cps = [...segment].map((ch) => ch.codePointAt(0) ?? 0);
    const face = faces.find((f) => cps.every((cp) => f.covers.has(cp)));
    const piece = face ? segment : REPLACEMENT;
    const chosen = face ?? fallback;
    const last = runs.at(-1);
    if (last && last.face === chosen) last.text += piece;
    else runs.push({ face: chosen, text: piece });
  }
  return runs;
}

export interface TextStyle {
  size: number;
  weight?: Weight;
  color?: RGB;
  /** Points from the left margin. */
  indent?: number;
  /** Drawn in bold at the left margin on the first line (the text itself should be indented past it). */
  label?: string;
}

interface Token {
  text: string;
  width: number;
  space: boolean;
}

const widthOf = (runs: Run[], size: number) => runs.reduce((sum, r) => sum + measureRun(r.face, r.text, size), 0);

// Punctuation that must not start a line (។ , . ) ” …) joins the piece before it; opening punctuation (“ ( ) joins
// the piece after it.
const CLOSING = /^[\p{Pe}\p{Pf}\p{Po}\p{Pd}]+$/u;
const OPENING = /^[\p{Ps}\p{Pi}]+$/u;

/**
 * Cuts a paragraph into the pieces a line may break between: words (Khmer has no spaces between words, so this
 * needs the dictionary-based word segmenter, not a split on spaces), and a word wider than a line into characters.
 */
function tokensOf(paragraph: string, faces: readonly Face[], size: number, maxWidth: number): Token[] {
  const pieces: string[] = [];
  let opening = '';
  for (const { segment } of words.segment(paragraph)) {
    const last = pieces.length - 1;
    if (OPENING.test(segment)) opening += segment;
    else if (CLOSING.test(segment) && last >= 0 && !opening && pieces[last]?.trim()) pieces[last] += segment;
    else {
      pieces.push(opening + segment);
      opening = '';
    }
  }
  if (opening) pieces.push(opening);
  const tokens: Token[] = [];
  for (const piece of pieces) {
    const space = piece.trim() === '';
    const width = widthOf(runsOf(piece, faces), size);
    if (width <= maxWidth || space) {
      tokens.push({ text: piece, width, space });
      continue;
    }
    for (const { segment } of graphemes.segment(piece)) {
      tokens.push({ text: segment, width: widthOf(runsOf(segment, faces), size), space: false });
    }
  }
  return tokens;
}

/** Greedy line filling; spaces at a break are dropped so wrapped lines start flush. */
function wrapTokens(tokens: readonly Token[], maxWidth: number): string[] {
  const lines: string[] = [];
  let line: Token[] = [];
  let width = 0;
  const flush = () => {
    while (line.at(-1)?.space) line.pop();
    lines.push(line.map((t) => t.text).join(''));
    line = [];
    width = 0;
  };
  for (const token of tokens) {
    if (line.length > 0 && !token.space && width + token.width > maxWidth) flush();
    if (line.length === 0 && token.space && lines.length > 0) continue;
    line.push(token);
    width += token.width;
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines;
}

/** `paragraph` (no newlines) as lines no wider than `maxWidth` points. */
export function wrapText(paragraph: string, faces: readonly Face[], size: number, maxWidth: number): string[] {
  return wrapTokens(tokensOf(paragraph, faces, size, maxWidth), maxWidth);
}

/** Width of `text` as the flow draws it (each character in the first font that has it). */
export function measureText(text: string, faces: readonly Face[], size: number): number {
  return widthOf(runsOf(text, faces), size);
}

export interface FlowOptions {
  pageSize: [number, number];
  margin: number;
  /** Kept free at the bottom of each page for the footer. */
  footerSpace: number;
}

/** Writes wrapped text and images down the page, starting a new page whenever the next line would not fit. */
export class TextFlow {
  page: PDFPage;
  y: number;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: FontSet,
    private readonly options: FlowOptions,
  ) {
    this.page = doc.addPage(options.pageSize);
    this.y = this.top;
  }

  private get top() {
    return this.options.pageSize[1] - this.options.margin;
  }
  private get bottom() {
    return this.options.margin + this.options.footerSpace;
  }
  get width() {
    return this.options.pageSize[0] - 2 * this.options.margin;
  }

  newPage(): void {
    this.page = this.doc.addPage(this.options.pageSize);
    this.y = this.top;
  }

  /** Starts a new page unless `height` points still fit on this one (keeps a heading with what follows). */
  ensure(height: number): void {
    if (this.y - height < this.bottom && this.y < this.top) this.newPage();
  }

  space(points: number): void {
    this.y = Math.max(this.y - points, this.bottom);
  }

  /** Text in the given style; each newline starts a new line, and a blank line leaves a gap. */
  text(text: string, style: TextStyle): void {
    const faces = this.fonts[style.weight ?? 'regular'];
    const indent = style.indent ?? 0;
    let label = style.label;
    const maxWidth = this.width - indent;
    const clean = text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, '    ');
    // A label with nothing after it is still a line (an empty field must not make its label vanish).
    if (label !== undefined && clean.trim() === '') this.line('', faces, style, indent, label);
    for (const raw of clean.split('\n')) {
      // Other control characters have no glyph and would draw as boxes.
      const paragraph = raw.replace(/\p{Cc}/gu, '');
      if (paragraph.trim() === '') {
        this.space(style.size * 0.6);
        continue;
      }
      for (const line of wrapText(paragraph, faces, style.size, maxWidth)) {
        this.line(line, faces, style, indent, label);
        label = undefined;
      }
    }
  }

  private line(line: string, faces: readonly Face[], style: TextStyle, indent: number, label?: string): void {
    // Khmer stacks vowels above and subscripts below the consonant, so its lines need more room.
    const khmer = containsKhmer(line) || (label !== undefined && containsKhmer(label));
    const height = style.size * (khmer ? 1.9 : 1.4);
    this.ensure(height);
    const baseline = this.y - style.size * (khmer ? 1.25 : 1.05);
    if (label !== undefined) this.draw(label, this.fonts.bold, style, this.options.margin, baseline);
    this.draw(line, faces, style, this.options.margin + indent, baseline);
    this.y -= height;
  }

  private draw(text: string, faces: readonly Face[], style: TextStyle, x: number, y: number): void {
    let at = x;
    for (const run of runsOf(text, faces)) {
      at += drawRun(this.page, run.face, run.text, {
        x: at,
        y,
        size: style.size,
        ...(style.color ? { color: style.color } : {}),
      });
    }
  }

  /** Draws an image `width` × `height` points at the left margin, on a new page if it does not fit. */
  image(image: PDFImage, width: number, height: number): void {
    this.ensure(height);
    this.page.drawImage(image, { x: this.options.margin, y: this.y - height, width, height });
    this.y -= height;
  }
}
