import type { SignedFormDocument, SignedFormRecord } from '@threshold/db';
import type { PDFDocument } from 'pdf-lib';
import { drawRun, embedFonts, type FontSet, measureRun } from './pdf-fonts.ts';
import { loadPdfLib, pdfLib } from './pdf-lib.ts';
import { TextFlow } from './pdf-text.ts';

/** A4 in points. */
export const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const FOOTER_SPACE = 24;
const LABEL_WIDTH = 92;
const grey = () => pdfLib().rgb(0.35, 0.35, 0.35);
const ruleColour = () => pdfLib().rgb(0.75, 0.75, 0.75);
const SIGNATURE_BOX = { width: 240, height: 96 };

export const SIGNED_FORM_TITLE = 'Confidentiality for Visitors — your signed copy';
export const SIGNED_FORM_SUBJECT = 'Signed copy of the Confidentiality for Visitors form and the policies received';

const FOOTER = (page: number, pages: number) => `Confidential — contains personal data. Page ${page} of ${pages}.`;

/** Date and time in the site's own time zone, with the zone named, so the copy reads the same anywhere. */
function formatWhen(date: Date, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(date);
  } catch {
    // A time zone this runtime does not know: UTC is still a true statement of the time.
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(date);
  }
}

/** Every string the PDF draws, so the fonts for all their scripts are embedded up front. */
function textsOf(record: SignedFormRecord): string[] {
  const docs = [
    ...(record.signature ? [record.signature.document] : []),
    ...record.acknowledgements.map((a) => a.document),
  ];
  return [
    SIGNED_FORM_TITLE,
    record.visitorName,
    record.visitorOrganisation,
    record.site.name,
    record.signature?.typedName ?? '',
    ...docs.flatMap((d) => [d.title, d.body]),
  ];
}

function documentHeading(flow: TextFlow, doc: SignedFormDocument, recordedSha256: string): void {
  flow.space(14);
  // A heading alone at the foot of a page: move it to the next page with the start of its text.
  flow.ensure(90);
  flow.text(doc.title, { size: 13, weight: 'bold' });
  flow.text(`Version ${doc.version} · language ${doc.language}`, { size: 8.5, color: grey() });
  flow.text(`SHA-256 of the text: ${recordedSha256}`, { size: 8.5, color: grey() });
  if (recordedSha256 !== doc.sha256) {
    flow.text(`Warning: the stored text now hashes to ${doc.sha256}, not to the hash recorded at the time.`, {
      size: 8.5,
    });
  }
  flow.space(4);
}

function rule(flow: TextFlow): void {
  flow.space(8);
  flow.page.drawLine({
    start: { x: MARGIN, y: flow.y },
    end: { x: A4[0] - MARGIN, y: flow.y },
    thickness: 0.5,
    color: ruleColour(),
  });
  flow.space(4);
}

async function signatureSection(pdf: PDFDocument, flow: TextFlow, record: SignedFormRecord): Promise<void> {
  const signature = record.signature;
  if (!signature) {
    flow.space(10);
    flow.text('No signature was taken at this visit.', { size: 10 });
    return;
  }
  documentHeading(flow, signature.document, signature.documentSha256);
  flow.text(signature.document.body, { size: 10 });
  flow.space(14);
  const image = await pdf.embedPng(signature.png);
  const scale = Math.min(SIGNATURE_BOX.width / image.width, SIGNATURE_BOX.height / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  flow.ensure(height + 60);
  flow.text('Signature', { size: 10, weight: 'bold' });
  flow.space(4);
  flow.image(image, width, height);
  rule(flow);
  const when = formatWhen(signature.signedAt, record.site.timezone);
  flow.text(signature.typedName, { size: 10, label: 'Typed name', indent: LABEL_WIDTH });
  flow.text(when, { size: 10, label: 'Signed', indent: LABEL_WIDTH });
}

function acknowledgementSections(flow: TextFlow, record: SignedFormRecord): void {
  for (const ack of record.acknowledgements) {
    // The signed form is printed above with its signature; an acknowledgement of it would only repeat it.
    if (record.signature && ack.document.kind === 'visitor_confidentiality_form') continue;
    documentHeading(flow, ack.document, ack.documentSha256);
    const verb = ack.kind === 'no_photography' ? 'Acknowledged' : 'Received';
    const when = formatWhen(ack.acknowledgedAt, record.site.timezone);
    // The no-photography statement is short and acknowledged after reading, so its date follows its text.
    if (ack.kind === 'no_photography') {
      flow.text(ack.document.body, { size: 10 });
      flow.space(6);
      flow.text(when, { size: 10, label: verb, indent: LABEL_WIDTH });
    } else {
      flow.text(when, { size: 9, label: verb, indent: LABEL_WIDTH, color: grey() });
      flow.space(4);
      flow.text(ack.document.body, { size: 10 });
    }
  }
}

function drawFooters(pdf: PDFDocument, fonts: FontSet): void {
  const face = fonts.regular[0];
  if (!face) throw new Error('no fonts embedded');
  const pages = pdf.getPages();
  pages.forEach((page, i) => {
    const text = FOOTER(i + 1, pages.length);
    const size = 8;
    const x = (page.getWidth() - measureRun(face, text, size)) / 2;
    drawRun(page, face, text, { x, y: MARGIN / 2, size, color: grey() });
  });
}

/**
 * The visitor's own copy of what they signed and received: who, when, the exact texts (with the hashes that
 * prove which versions), and the signature. A concealed site's name never appears. Document metadata names no
 * person, since mail clients and file browsers show it without opening the file.
 */
export async function renderSignedFormPdf(record: SignedFormRecord): Promise<Uint8Array> {
  const pdf = await (await loadPdfLib()).lib.PDFDocument.create();
  const when = record.signature?.signedAt ?? record.signedInAt;
  pdf.setTitle(SIGNED_FORM_TITLE);
  pdf.setSubject(SIGNED_FORM_SUBJECT);
  pdf.setCreator('Threshold');
  pdf.setProducer('Threshold');
  pdf.setLanguage(record.language);
  pdf.setCreationDate(when);
  pdf.setModificationDate(when);

  const fonts = await embedFonts(pdf, textsOf(record));
  const flow = new TextFlow(pdf, fonts, { pageSize: A4, margin: MARGIN, footerSpace: FOOTER_SPACE });
  flow.text(SIGNED_FORM_TITLE, { size: 17, weight: 'bold' });
  flow.space(8);
  const details = { size: 10.5, indent: LABEL_WIDTH };
  flow.text(record.visitorName, { ...details, label: 'Name' });
  flow.text(record.visitorOrganisation || '—', { ...details, label: 'Organisation' });
  flow.text(formatWhen(when, record.site.timezone), { ...details, label: record.signature ? 'Signed' : 'Signed in' });
  if (!record.site.concealed) flow.text(record.site.name, { ...details, label: 'Site' });
  rule(flow);

  await signatureSection(pdf, flow, record);
  acknowledgementSections(flow, record);
  drawFooters(pdf, fonts);
  return pdf.save();
}
