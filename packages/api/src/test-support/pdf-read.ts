import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';

/**
 * The text each page of a PDF draws, read back through each font's ToUnicode table (as a reader's search does).
 * Spaces between lines and runs are lost, so compare with whitespace removed (`squash`).
 */
export function pageTexts(pdf: PDFDocument): string[] {
  const rawStream = (obj: unknown) => {
    const target = obj instanceof PDFRef ? pdf.context.lookup(obj) : obj;
    if (!(target instanceof PDFRawStream)) throw new Error('expected a stream');
    return Buffer.from(decodePDFRawStream(target).decode()).toString('latin1');
  };
  return pdf.getPages().map((page) => {
    const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    const maps = new Map<string, Map<string, string>>();
    for (const [name, ref] of fonts?.entries() ?? []) {
      const cmap = rawStream(pdf.context.lookup(ref, PDFDict).get(PDFName.of('ToUnicode')));
      const map = new Map<string, string>();
      for (const [, gid = '', utf16 = ''] of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]+)>/gi)) {
        map.set(gid.toLowerCase(), Buffer.from(utf16, 'hex').swap16().toString('utf16le'));
      }
      maps.set(name.asString(), map);
    }
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
    let text = '';
    for (const stream of streams) {
      let map = new Map<string, string>();
      for (const m of rawStream(stream).matchAll(/(\/\S+) [\d.]+ Tf|<([0-9A-Fa-f]*)> Tj/g)) {
        if (m[1]) map = maps.get(m[1]) ?? new Map();
        for (const gid of m[2]?.toLowerCase().match(/.{4}/g) ?? []) text += map.get(gid) ?? '?';
      }
    }
    return text;
  });
}

export const squash = (s: string) => s.replace(/\s+/g, '');

/** The whole document's drawn text, whitespace removed. */
export async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string }> {
  const pdf = await PDFDocument.load(bytes);
  return { pages: pdf.getPageCount(), text: pageTexts(pdf).map(squash).join('') };
}
