import { createHash } from 'node:crypto';
import type { SignedFormDocument, SignedFormRecord } from '@threshold/db';
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pageTexts, squash } from '../test-support/pdf-read.ts';
import { englishDefaults } from './defaults/en.ts';
import { embedFonts } from './pdf-fonts.ts';
import { measureText, wrapText } from './pdf-text.ts';
import { A4, renderSignedFormPdf, SIGNED_FORM_SUBJECT, SIGNED_FORM_TITLE } from './signed-form-pdf.ts';

// A 64×24 RGBA PNG with a pen stroke, as the kiosk's signature pad produces (smaller).
const SIGNATURE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAEAAAAAYCAYAAABKtPtEAAAAoElEQVR42u2YQQ7AIAgEeWf//w96N62mdVwkeOAo7A4JomZ2We04AA4AZXgTZQD4IKIA' +
    '+A7moyC4AsDIZBQEVwD4YkwJoNEVb14J4UHXHuYVEF50rSukhvczL1uMEL8CQicfV4wULcyVsmtkDqbYquElmCfzxQImN3ku5d1N6prf3ly/vZGaUu7v' +
    'ZENSvuBIXSnf8KSmlL84ZEPOn2BtADcl99tf7AXvkAAAAABJRU5ErkJggg==',
  'base64',
);
const at = new Date('2026-11-21T14:05:00Z');

function doc(kind: string, title: string, body: string, language = 'en'): SignedFormDocument {
  return { kind, title, body, version: 3, language, sha256: createHash('sha256').update(body).digest('hex') };
}
function english(kind: string): SignedFormDocument {
  const d = englishDefaults.find((x) => x.kind === kind);
  if (!d) throw new Error(`no default ${kind}`);
  return doc(kind, d.title, d.body);
}

function record(overrides: { form?: SignedFormDocument; name?: string; concealed?: boolean } = {}): SignedFormRecord {
  const form = overrides.form ?? english('visitor_confidentiality_form');
  const ack = (kind: string) => {
    const document = english(kind);
    const ackKind = kind === 'no_photography_statement' ? 'no_photography' : 'policy_received';
    return { kind: ackKind, acknowledgedAt: at, documentSha256: document.sha256, document };
  };
  return {
    visitId: '00000000-0000-4000-8000-000000000001',
    visitorName: overrides.name ?? 'Amara Nwosu',
    visitorOrganisation: 'Northside Youth Research',
    signedInAt: at,
    language: form.language,
    site: { name: 'Riverside Family Centre', concealed: overrides.concealed ?? false, timezone: 'Europe/London' },
    signature: {
      typedName: overrides.name ?? 'Amara Nwosu',
      signedAt: at,
      png: SIGNATURE_PNG,
      documentSha256: form.sha256,
      document: form,
    },
    acknowledgements: ['confidentiality_policy', 'disclosure_policy', 'no_photography_statement'].map(ack),
  };
}

/** Image XObjects across all pages (the signature is the only image the copy has). */
function imageCount(pdf: PDFDocument): number {
  return pdf.getPages().reduce((n, page) => {
    const xobjects = page.node.Resources()?.lookup(PDFName.of('XObject'), PDFDict);
    const images = (xobjects?.entries() ?? []).filter(([, ref]) => {
      const xobject = pdf.context.lookup(ref);
      return xobject instanceof PDFRawStream && xobject.dict.get(PDFName.of('Subtype')) === PDFName.of('Image');
    });
    return n + images.length;
  }, 0);
}

/** The body text of the whole document: every page with its footer taken off, whitespace removed. */
function documentText(pdf: PDFDocument): string {
  const pages = pageTexts(pdf);
  return pages.map((text, i) => squash(text).replace(squash(footer(i + 1, pages.length)), '')).join('');
}
const footer = (page: number, pages: number) => `Confidential — contains personal data. Page ${page} of ${pages}.`;

describe('renderSignedFormPdf', () => {
  it('renders the form, both policies and the statement on A4 pages with a footer', async () => {
    const rec = record();
    const pdf = await PDFDocument.load(await renderSignedFormPdf(rec));
    expect(pdf.getPageCount()).toBeGreaterThan(1);
    for (const page of pdf.getPages()) {
      expect(page.getWidth()).toBeCloseTo(A4[0], 1);
      expect(page.getHeight()).toBeCloseTo(A4[1], 1);
    }
    expect(pdf.getTitle()).toBe(SIGNED_FORM_TITLE);
    expect(pdf.getSubject()).toBe(SIGNED_FORM_SUBJECT);
    // Metadata is shown without opening the file: it names no person.
    expect(`${pdf.getTitle()} ${pdf.getSubject()} ${pdf.getAuthor() ?? ''} ${pdf.getKeywords() ?? ''}`).not.toContain(
      'Amara',
    );
    expect(imageCount(pdf)).toBe(1);

    const pages = pageTexts(pdf);
    pages.forEach((text, i) => {
      expect(squash(text)).toContain(squash(footer(i + 1, pages.length)));
    });
    const all = documentText(pdf);
    for (const expected of [
      SIGNED_FORM_TITLE,
      'Amara Nwosu',
      'Northside Youth Research',
      '21 November 2026 at 14:05 GMT',
      'Riverside Family Centre',
      ...[rec.signature?.document, ...rec.acknowledgements.map((a) => a.document)].flatMap((d) =>
        d ? [d.title, `Version ${d.version}`, d.sha256, d.body] : [],
      ),
    ]) {
      expect(all).toContain(squash(expected));
    }
  });

  it('never names a concealed site', async () => {
    const pdf = await PDFDocument.load(await renderSignedFormPdf(record({ concealed: true })));
    const all = documentText(pdf);
    expect(all).toContain('AmaraNwosu');
    expect(all).not.toContain('Riverside');
  });

  it('flows long text onto more pages without losing any of it', async () => {
    const short = await PDFDocument.load(await renderSignedFormPdf(record()));
    const base = english('visitor_confidentiality_form');
    const body = Array.from({ length: 8 }, (_, i) => `Part ${i + 1}.\n${base.body}`).join('\n\n');
    const unbroken = `https://example.org/${'a-very-long-unbroken-reference-'.repeat(12)}end`;
    const long = await PDFDocument.load(
      await renderSignedFormPdf(record({ form: doc(base.kind, base.title, `${body}\n${unbroken}`) })),
    );
    expect(long.getPageCount()).toBeGreaterThan(short.getPageCount() + 3);
    const all = documentText(long);
    expect(all).toContain(squash(body));
    expect(all).toContain(unbroken);
  });

  it('embeds a Khmer font and draws Khmer text', async () => {
    const khmer = doc(
      'visitor_confidentiality_form',
      'ការរក្សាការសម្ងាត់សម្រាប់អ្នកទស្សនា',
      'ខ្ញុំនឹងរក្សាការសម្ងាត់នូវអ្វីៗទាំងអស់ដែលខ្ញុំបានឃើញ ឮ ឬអាន អំពីមនុស្សដែលប្រើប្រាស់សេវានេះ។\n'.repeat(40),
      'km',
    );
    const pdf = await PDFDocument.load(await renderSignedFormPdf(record({ form: khmer, name: 'សុខ ដារ៉ា' })));
    expect(pdf.getPageCount()).toBeGreaterThan(1);
    const all = documentText(pdf);
    // Shaped glyphs map back to their characters (in drawing order, so reordered vowels may move): the name's
    // letters all survive, and the English policies are still there.
    for (const ch of 'សុខដារ៉ា') expect(all).toContain(ch);
    expect(all).toContain(squash('Policy on Confidentiality'));
  });
});

describe('Khmer shaping and wrapping', () => {
  it('positions a vowel below a subscript consonant, as HarfBuzz does', async () => {
    const fonts = await embedFonts(await PDFDocument.create(), ['កម្ពុជា ខ្ញុំ']);
    const face = fonts.regular.find((f) => f.covers.has(0x1780));
    if (!face) throw new Error('no Khmer font embedded');
    // ុ under the subscript ព is pushed well below the baseline; ខ្ញុំ exercises the missing-anchor workaround.
    const ys = face.shaper.layout('កម្ពុជា').positions.map((p) => p.yOffset);
    expect(Math.min(...ys)).toBeLessThan(-200);
    expect(face.shaper.layout('ខ្ញុំ').glyphs.length).toBeGreaterThan(1);
  });

  it('breaks Khmer between words, within the width, losing nothing', async () => {
    const text = 'ខ្ញុំនឹងរក្សាការសម្ងាត់នូវអ្វីៗទាំងអស់ដែលខ្ញុំបានឃើញ ឮ ឬអាន អំពីមនុស្សដែលប្រើប្រាស់សេវានេះ ក្រុមគ្រួសាររបស់ពួកគេ និងបុគ្គលិក។';
    const fonts = await embedFonts(await PDFDocument.create(), [text]);
    const lines = wrapText(text, fonts.regular, 10, 150);
    expect(lines.length).toBeGreaterThan(2);
    expect(squash(lines.join(''))).toBe(squash(text));
    for (const line of lines) {
      expect(measureText(line, fonts.regular, 10)).toBeLessThanOrEqual(150);
      // The full stop (khan) never starts a line.
      expect(line.startsWith('។')).toBe(false);
    }
  });
});
