import type { SubjectRecord } from '@threshold/db';
import type { PDFDocument } from 'pdf-lib';
import { drawRun, embedFonts, type FontSet, measureRun } from './pdf-fonts.ts';
import { loadPdfLib, pdfLib } from './pdf-lib.ts';
import { TextFlow } from './pdf-text.ts';
import { A4 } from './signed-form-pdf.ts';

const MARGIN = 56;
const LABEL_WIDTH = 130;
const grey = () => pdfLib().rgb(0.35, 0.35, 0.35);
const SIGNATURE_BOX = { width: 200, height: 80 };
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// A copy may be asked for by someone a refuge must protect others from: the coordinator decides what to release.
export const SAFEGUARDING_NOTE =
  'Before giving this copy to the person: concerns, safeguarding holds and requests for information may be withheld ' +
  'where telling them could put a child or anyone else at risk.';
export const SUBJECT_ACCESS_TITLE = 'Records held about a visitor — subject access copy';
const FOOTER = (page: number, pages: number) => `Confidential — contains personal data. Page ${page} of ${pages}.`;

/** A stored code (`policy_received`, `child_protection_concern`) as words. */
const words = (code: string) => code.replaceAll('_', ' ');

const when = (d: Date | null | undefined) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');

/** Every string drawn, so fonts for all their scripts are embedded up front. */
function textsOf(records: readonly SubjectRecord[]): string[] {
  return [
    SUBJECT_ACCESS_TITLE,
    ...records.flatMap((r) => [
      r.visitorName,
      r.visitorEmail ?? '',
      r.visitorOrganisation,
      r.purpose,
      r.hostName ?? '',
      r.siteName,
      r.signOutNote ?? '',
      r.signature?.typedName ?? '',
      ...r.alerts.map((a) => a.note ?? ''),
      ...r.holds.flatMap((hd) => [hd.note, hd.releaseReason ?? '']),
      ...r.concerns.flatMap((c) => [c.note, c.closeNote ?? '']),
      ...r.disclosures.flatMap((d) => [d.requesterName, d.agency, d.requested, d.released]),
    ]),
  ];
}

function section(flow: TextFlow, title: string, lines: string[]): void {
  if (lines.length === 0) return;
  flow.space(6);
  flow.ensure(40);
  flow.text(title, { size: 11, weight: 'bold' });
  for (const line of lines) flow.text(line, { size: 9.5, indent: 12 });
}

async function visitSection(pdf: PDFDocument, flow: TextFlow, r: SubjectRecord, n: number): Promise<void> {
  flow.space(14);
  flow.ensure(120);
  flow.text(`Visit ${n}: ${when(r.signedInAt)} at ${r.siteName}`, { size: 13, weight: 'bold' });
  const field = (label: string, value: string) => flow.text(value || '—', { size: 10, label, indent: LABEL_WIDTH });
  field('Name', r.visitorName);
  field('Email', r.visitorEmail ?? '');
  field('Organisation', r.visitorOrganisation);
  field('Category', words(r.category));
  field('Purpose', r.purpose);
  field('Host named', r.hostName ?? '');
  field('Signed in', when(r.signedInAt));
  field('Signed out', when(r.signedOutAt));
  field('State', words(r.state));
  field('Sign-out note', r.signOutNote ?? '');
  field('Record id', r.id);
  if (r.signature) {
    section(flow, 'Signature', [
      `Typed name: ${r.signature.typedName}`,
      `Signed ${when(r.signature.signedAt)}; form text SHA-256 ${r.signature.documentSha256}`,
    ]);
    const png = r.signature.signaturePng;
    if (png.subarray(0, 8).equals(PNG_MAGIC)) {
      const image = await pdf.embedPng(png);
      const scale = Math.min(SIGNATURE_BOX.width / image.width, SIGNATURE_BOX.height / image.height);
      flow.space(4);
      flow.image(image, image.width * scale, image.height * scale);
    } else {
      flow.text('The stored signature is not a readable image.', { size: 9.5, indent: 12 });
    }
  }
  section(
    flow,
    'Policies received and statements acknowledged',
    r.acknowledgements.map((a) => `${words(a.kind)} ${when(a.acknowledgedAt)}; text SHA-256 ${a.documentSha256}`),
  );
  section(
    flow,
    'Emails',
    r.outboxMessages.map(
      (m) => `${words(m.template)}: ${m.status}, created ${when(m.createdAt)}, sent ${when(m.sentAt)}`,
    ),
  );
  section(
    flow,
    'Alerts',
    r.alerts.map((a) => `${words(a.kind)} raised ${when(a.raisedAt)}${a.note ? `; note: ${a.note}` : ''}`),
  );
  section(
    flow,
    'Escorts',
    r.escortAssignments.map(
      (e) => `Assigned ${when(e.assignedAt)}, confirmed ${when(e.confirmedAt)}, ended ${when(e.endedAt)}`,
    ),
  );
  section(
    flow,
    'Safeguarding holds',
    r.holds.map(
      (hd) =>
        `${words(hd.reason)}, placed ${when(hd.placedAt)}${hd.releasedAt ? `, released ${when(hd.releasedAt)}` : ''}${hd.note ? `; note: ${hd.note}` : ''}`,
    ),
  );
  section(
    flow,
    'Concerns',
    r.concerns.map((c) => `${words(c.category)}, raised ${when(c.raisedAt)}; note: ${c.note}`),
  );
  section(
    flow,
    'Requests for information (disclosure register)',
    r.disclosures.map(
      (d) => `Received ${d.receivedOn} from ${d.agency}: ${d.requested}. Consent: ${words(d.consent)}.`,
    ),
  );
}

function drawFooters(pdf: PDFDocument, fonts: FontSet): void {
  const face = fonts.regular[0];
  if (!face) throw new Error('no fonts embedded');
  const pages = pdf.getPages();
  pages.forEach((page, i) => {
    const text = FOOTER(i + 1, pages.length);
    const x = (page.getWidth() - measureRun(face, text, 8)) / 2;
    drawRun(page, face, text, { x, y: MARGIN / 2, size: 8, color: grey() });
  });
}

/**
 * A readable copy of everything held about a person over the chosen visits (the JSON export holds the same, every
 * field). Metadata names no person: file browsers show it without opening the file.
 */
export async function renderSubjectAccessPdf(records: readonly SubjectRecord[], producedAt: Date): Promise<Uint8Array> {
  const pdf = await (await loadPdfLib()).lib.PDFDocument.create();
  pdf.setTitle(SUBJECT_ACCESS_TITLE);
  pdf.setCreator('Threshold');
  pdf.setProducer('Threshold');
  pdf.setCreationDate(producedAt);
  pdf.setModificationDate(producedAt);
  const fonts = await embedFonts(pdf, textsOf(records));
  const flow = new TextFlow(pdf, fonts, { pageSize: A4, margin: MARGIN, footerSpace: 24 });
  flow.text(SUBJECT_ACCESS_TITLE, { size: 17, weight: 'bold' });
  flow.text(`Produced ${when(producedAt)} · ${records.length} visit(s)`, { size: 9, color: grey() });
  flow.space(6);
  flow.text(SAFEGUARDING_NOTE, { size: 9.5, weight: 'bold' });
  for (const [i, r] of records.entries()) await visitSection(pdf, flow, r, i + 1);
  drawFooters(pdf, fonts);
  return pdf.save();
}
