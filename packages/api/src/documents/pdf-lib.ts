import type * as PdfLib from 'pdf-lib';

type Fontkit = typeof import('@pdf-lib/fontkit');

let modules: { lib: typeof PdfLib; fontkit: Fontkit } | undefined;

/**
 * pdf-lib and fontkit (with its Unicode tables) hold ~25 MB of a server process that may never render a PDF: a kiosk
 * sign-in never does. They load on the first render instead of at start; every render begins here.
 */
export async function loadPdfLib(): Promise<{ lib: typeof PdfLib; fontkit: Fontkit }> {
  if (!modules) {
    const [lib, fontkit] = await Promise.all([import('pdf-lib'), import('@pdf-lib/fontkit')]);
    // fontkit is CommonJS: node hands its exports over as the default export.
    modules = { lib, fontkit: (fontkit as { default?: Fontkit }).default ?? fontkit };
  }
  return modules;
}

/** pdf-lib for the synchronous drawing steps of a render (which began with loadPdfLib). */
export function pdfLib(): typeof PdfLib {
  if (!modules) throw new Error('pdf-lib used before loadPdfLib()');
  return modules.lib;
}
