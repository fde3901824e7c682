import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import type { Font, GlyphRun } from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont, PDFName, PDFPage, RGB } from 'pdf-lib';
import { loadPdfLib, pdfLib } from './pdf-lib.ts';

// @pdf-lib/fontkit 1.1.1 was compiled by Babel with generators turned into `regeneratorRuntime` calls, but it does
// not ship that runtime. Its only generator is the syllable state machine of the Indic shaper (which shapes Khmer),
// so without this every Khmer string throws. This covers exactly what that generator uses (mark, wrap, a context
// with prev/next/stop); the Khmer test renders real text, so a fontkit that needs more fails there.
interface RegeneratorContext {
  prev: number;
  next: number;
  done: boolean;
  rval: undefined;
  stop(): undefined;
}
const runtime = globalThis as { regeneratorRuntime?: unknown };
runtime.regeneratorRuntime ??= {
  mark: <T>(fn: T) => fn,
  wrap(inner: (ctx: RegeneratorContext) => unknown) {
    const ctx: RegeneratorContext = {
      prev: 0,
      next: 0,
      done: false,
      rval: undefined,
      stop() {
        this.done = true;
        return this.rval;
      },
    };
    return {
      next() {
        if (ctx.done) return { done: true, value: undefined };
        const value = inner(ctx);
        return { done: ctx.done, value: ctx.done ? undefined : value };
      },
      [Symbol.iterator]() {
        return this;
      },
    };
  },
};

interface AnchorProcessor {
  applyAnchor(markRecord: { markAnchor: unknown } | null, baseAnchor: unknown, baseIndex: number): void;
  tolerantAnchors?: true;
}

/**
 * fontkit 1.1.1 throws on a mark-attachment record with no anchor (the OpenType spec allows them; Noto Sans Khmer
 * has them, e.g. in ខ្ញុំ). HarfBuzz leaves such a mark where it is; this makes fontkit do the same. The processor
 * class is not exported, so it is reached through a font's layout engine; the patch is applied once per class.
 */
function tolerateMissingAnchors(font: Font): void {
  const engine = (font as unknown as { _layoutEngine?: { engine?: { GPOSProcessor?: object | null } } })._layoutEngine;
  const processor = engine?.engine?.GPOSProcessor;
  if (!processor) return;
  const proto = Object.getPrototypeOf(processor) as AnchorProcessor;
  if (proto.tolerantAnchors) return;
  const original = proto.applyAnchor;
  proto.applyAnchor = function (this: AnchorProcessor, markRecord, baseAnchor, baseIndex) {
    if (!baseAnchor || !markRecord?.markAnchor) return;
    original.call(this, markRecord, baseAnchor, baseIndex);
  };
  proto.tolerantAnchors = true;
}

export type Weight = 'regular' | 'bold';
export interface Face {
  /** The embedded (subset) font: turns text into the glyph ids the PDF uses. */
  font: PDFFont;
  /** The same font for shaping with positions, which pdf-lib computes but does not apply. */
  shaper: Font;
  covers: Set<number>;
}
export type FontSet = Record<Weight, Face[]>;

// Noto Sans Khmer as @fontsource splits it; the latin subsets carry Latin letters and punctuation, so one family
// covers both scripts. Tried in this order for each character.
const SUBSETS = ['latin', 'latin-ext', 'khmer'] as const;
const require = createRequire(import.meta.url);

/**
 * WOFF 1.0 → the TrueType font it wraps (each table zlib-compressed or stored). fontkit reads WOFF, but with a
 * JavaScript inflate that took most of a render's time, and did it again for every font instance pdf-lib makes;
 * converting once with node's zlib makes both cheap.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF font');
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const field = (n: number) => woff.readUInt32BE(at + n * 4);
    const [tag, offset, compLength, origLength, checksum] = [field(0), field(1), field(2), field(3), field(4)];
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error('corrupt WOFF table');
    return { tag, checksum, data };
  });
  const pow2 = 2 ** Math.floor(Math.log2(numTables));
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(woff.readUInt32BE(4), 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(pow2 * 16, 6);
  header.writeUInt16BE(Math.log2(pow2), 8);
  header.writeUInt16BE(numTables * 16 - pow2 * 16, 10);
  const chunks: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    header.writeUInt32BE(t.tag, 12 + i * 16);
    header.writeUInt32BE(t.checksum, 16 + i * 16);
    header.writeUInt32BE(offset, 20 + i * 16);
    header.writeUInt32BE(t.data.length, 24 + i * 16);
    const padded = Buffer.alloc(Math.ceil(t.data.length / 4) * 4);
    t.data.copy(padded);
    chunks.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(chunks);
}

interface LoadedFont {
  bytes: Buffer;
  /** Shared across renders: fontkit caches glyphs and the layout engine per instance. */
  shaper: Font;
  covers: Set<number>;
}
const loaded = new Map<string, Promise<LoadedFont>>();
function loadFont(subset: string, weight: Weight): Promise<LoadedFont> {
  const file = `noto-sans-khmer-${subset}-${weight === 'bold' ? 700 : 400}-normal.woff`;
  let font = loaded.get(file);
  if (!font) {
    font = Promise.all([readFile(require.resolve(`@fontsource/noto-sans-khmer/files/${file}`)), loadPdfLib()]).then(
      ([woff, { fontkit }]) => {
        const bytes = woffToSfnt(woff);
        const shaper = fontkit.create(bytes);
        tolerateMissingAnchors(shaper);
        return { bytes, shaper, covers: new Set(shaper.characterSet) };
      },
    );
    loaded.set(file, font);
  }
  return font;
}

// pdf-lib's own encoder only needs glyph ids (substitution); positioning is done by `drawRun` from `shape`.
const NO_POSITIONING = { kern: false, mark: false, mkmk: false, abvm: false, blwm: false, dist: false, curs: false };

/** Embeds the subsets (regular and bold) that some character of `texts` needs; latin always. */
export async function embedFonts(doc: PDFDocument, texts: readonly string[]): Promise<FontSet> {
  doc.registerFontkit((await loadPdfLib()).fontkit);
  const used = new Set<number>();
  for (const text of texts) for (const ch of text.normalize('NFC')) used.add(ch.codePointAt(0) ?? 0);
  const fonts: FontSet = { regular: [], bold: [] };
  for (const weight of ['regular', 'bold'] as const) {
    for (const subset of SUBSETS) {
      const { bytes, shaper, covers } = await loadFont(subset, weight);
      if (subset !== 'latin' && ![...used].some((cp) => covers.has(cp))) continue;
      // Subset, so the PDF carries only the glyphs it uses.
      const font = await doc.embedFont(bytes, { subset: true, features: NO_POSITIONING });
      fonts[weight].push({ font, shaper, covers });
    }
  }
  return fonts;
}

function shape(face: Face, text: string): GlyphRun | null {
  try {
    return face.shaper.layout(text);
  } catch {
    // A shaping failure must not lose text: the caller draws it unpositioned instead.
    return null;
  }
}

// Advance widths in font units by text, per shaper: line filling measures the same words over and over.
const widths = new WeakMap<Font, Map<string, number>>();

/** Advance width of `text` in `face` at `size` points, as `drawRun` will draw it. */
export function measureRun(face: Face, text: string, size: number): number {
  let cache = widths.get(face.shaper);
  if (!cache) {
    cache = new Map();
    widths.set(face.shaper, cache);
  }
  let units = cache.get(text);
  if (units === undefined) {
    const run = shape(face, text);
    units = run
      ? run.positions.reduce((sum, p) => sum + p.xAdvance, 0)
      : (face.font.widthOfTextAtSize(text, 1000) * face.shaper.unitsPerEm) / 1000;
    if (cache.size > 50_000) cache.clear();
    cache.set(text, units);
  }
  return (units * size) / face.shaper.unitsPerEm;
}

const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();
function fontKey(page: PDFPage, font: PDFFont): PDFName {
  let keys = fontKeys.get(page);
  if (!keys) {
    keys = new Map();
    fontKeys.set(page, keys);
  }
  let key = keys.get(font);
  if (!key) {
    key = page.node.newFontDictionary(font.name, font.ref);
    keys.set(font, key);
  }
  return key;
}

/**
 * Draws one single-font run with every glyph where the shaper put it. pdf-lib's drawText writes glyphs at their
 * advance widths only, which stacks Khmer vowels onto subscript consonants (ខ្ញុំ, កម្ពុជា); each glyph is therefore
 * placed with its own text matrix. Returns the advance.
 */
export function drawRun(
  page: PDFPage,
  face: Face,
  text: string,
  at: { x: number; y: number; size: number; color?: RGB },
): number {
  const run = shape(face, text);
  // The embedder's glyph ids, in the same order as the shaper's glyphs (same substitutions, no positioning).
  const hex = face.font.encodeText(text).asString();
  if (!run || hex.length !== run.glyphs.length * 4) {
    page.drawText(text, { x: at.x, y: at.y, size: at.size, font: face.font, ...(at.color ? { color: at.color } : {}) });
    return face.font.widthOfTextAtSize(text, at.size);
  }
  const scale = at.size / face.shaper.unitsPerEm;
  const {
    beginText,
    endText,
    PDFHexString,
    popGraphicsState,
    pushGraphicsState,
    rgb,
    setFillingColor,
    setFontAndSize,
    setTextMatrix,
    showText,
  } = pdfLib();
  const ops = [
    pushGraphicsState(),
    beginText(),
    setFillingColor(at.color ?? rgb(0, 0, 0)),
    setFontAndSize(fontKey(page, face.font), at.size),
  ];
  // Glyphs the shaper left at their natural place share one show-text operator (the viewer advances by the
  // glyph's own width); a glyph that is offset, or follows one whose advance was adjusted, starts a new one.
  let pen = at.x;
  let segment = '';
  let chained = false;
  const flush = () => {
    if (segment) ops.push(showText(PDFHexString.of(segment)));
    segment = '';
  };
  run.positions.forEach((p, i) => {
    const natural = p.xOffset === 0 && p.yOffset === 0;
    if (!(chained && natural)) {
      flush();
      ops.push(setTextMatrix(1, 0, 0, 1, pen + p.xOffset * scale, at.y + p.yOffset * scale));
    }
    segment += hex.slice(i * 4, i * 4 + 4);
    chained = natural && p.xAdvance === run.glyphs[i]?.advanceWidth;
    pen += p.xAdvance * scale;
  });
  flush();
  ops.push(endText(), popGraphicsState());
  page.pushOperators(...ops);
  return pen - at.x;
}
