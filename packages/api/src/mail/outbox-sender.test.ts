import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createDb, getOutboxMessage, getSignedFormRecord, listOutbox, schema } from '@threshold/db';
import { createTestOrganisation, createTestSite } from '@threshold/db/testing';
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { englishDefaults } from '../documents/defaults/en.ts';
import { createMailer } from './mailer.ts';
import { sendPendingOutbox } from './outbox-sender.ts';
import { CONFIDENTIALITY_NOTICE, SIGNED_FORM_ATTACHMENT, SIGNED_FORM_EMAIL_SUBJECT } from './templates.ts';

const SIGNATURE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAEAAAAAYCAYAAABKtPtEAAAAoElEQVR42u2YQQ7AIAgEeWf//w96N62mdVwkeOAo7A4JomZ2We04AA4AZXgTZQD4IKIA' +
    '+A7moyC4AsDIZBQEVwD4YkwJoNEVb14J4UHXHuYVEF50rSukhvczL1uMEL8CQicfV4wULcyVsmtkDqbYquElmCfzxQImN3ku5d1N6prf3ly/vZGaUu7v' +
    'ZENSvuBIXSnf8KSmlL84ZEPOn2BtADcl99tf7AXvkAAAAABJRU5ErkJggg==',
  'base64',
);
const VISITOR = {
  name: 'Amara Nwosu',
  organisation: 'Northside Youth Research',
  purpose: 'Annual safeguarding audit',
  host: 'Jo Bloggs',
  email: 'amara.visitor@example.org',
};
const SENT_AT = new Date('2026-11-21T15:00:00Z');

const handle = createDb(inject('databaseUrl'), { max: 4 });
const db = handle.db;

// --- a real SMTP server on a free local port -------------------------------------------------------------------
interface Received {
  rcptTo: string[];
  raw: string;
}
const received: Received[] = [];
let rejectRecipients = false;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(_address, _session, callback) {
    if (!rejectRecipients) return callback();
    callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString() });
      callback();
    });
  },
});
let mailer: ReturnType<typeof createMailer>;

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  mailer = createMailer(`smtp://127.0.0.1:${port}`, 'Threshold <no-reply@threshold.test>');
});
afterAll(async () => {
  mailer.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
  await handle.close();
});
beforeEach(() => {
  received.length = 0;
  rejectRecipients = false;
});

// --- just enough MIME to read what nodemailer sent -------------------------------------------------------------
function headersOf(block: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) map.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  return map;
}
function decodeQp(text: string): Buffer {
  const bytes: number[] = [];
  const s = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < s.length; i++) {
    const hex = s[i] === '=' ? s.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i));
  }
  return Buffer.from(bytes);
}
/** RFC 2047 encoded words (how nodemailer writes a non-ASCII subject). */
const decodeWords = (value: string) =>
  value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      (enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64') : decodeQp(text.replace(/_/g, ' '))).toString(),
    );

interface Parsed {
  headers: Map<string, string>;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}
function parseMail(raw: string): Parsed {
  const split = raw.indexOf('\r\n\r\n');
  const headers = headersOf(raw.slice(0, split));
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  if (!boundary) throw new Error('expected a multipart message');
  const parsed: Parsed = { headers, text: '', attachments: [] };
  for (const part of raw.slice(split + 4).split(`--${boundary}`).slice(1, -1)) {
    const end = part.indexOf('\r\n\r\n');
    const h = headersOf(part.slice(2, end));
    const body = part.slice(end + 4).replace(/\r\n$/, '');
    const encoding = h.get('content-transfer-encoding')?.toLowerCase();
    const content =
      encoding === 'base64'
        ? Buffer.from(body, 'base64')
        : encoding === 'quoted-printable'
          ? decodeQp(body)
          : Buffer.from(body);
    const type = h.get('content-type') ?? '';
    const filename = /filename="?([^";]+)"?/.exec(h.get('content-disposition') ?? '')?.[1];
    if (filename) parsed.attachments.push({ filename, contentType: type, content });
    else if (type.startsWith('text/plain')) parsed.text = content.toString().replace(/\r\n/g, '\n');
  }
  return parsed;
}

// --- a visit as the kiosk records it ---------------------------------------------------------------------------
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function visitScene(opts: { outboxRows?: number } = {}) {
  const { organisation, site } = await createTestOrganisation(db, 'Riverside Family Centre');
  const at = new Date('2026-11-21T14:05:00Z');
  const docs = new Map<string, string>();
  for (const d of englishDefaults.filter((x) => x.kind !== 'staff_policy')) {
    const [row] = await db
      .insert(schema.policyDocument)
      .values({ organisationId: organisation.id, siteId: site.id, kind: d.kind, language: 'en', version: 1, title: d.title, body: d.body, sha256: sha256(d.body), publishedAt: at })
      .returning({ id: schema.policyDocument.id, sha256: schema.policyDocument.sha256 });
    if (!row) throw new Error('document insert returned nothing');
    docs.set(d.kind, row.id);
    docs.set(`${d.kind}:sha`, row.sha256);
  }
  const doc = (kind: string) => ({ documentId: docs.get(kind) ?? '', documentSha256: docs.get(`${kind}:sha`) ?? '' });
  const [visit] = await db
    .insert(schema.visit)
    .values({
      organisationId: organisation.id,
      siteId: site.id,
      idempotencyKey: randomUUID(),
      visitorName: VISITOR.name,
      visitorOrganisation: VISITOR.organisation,
      category: 'researcher',
      purpose: VISITOR.purpose,
      hostName: VISITOR.host,
      visitorEmail: VISITOR.email,
      state: 'awaiting_escort',
      visitCode: String(Math.floor(Math.random() * 1e6)).padStart(6, '0'),
      signedInAt: at,
    })
    .returning({ id: schema.visit.id });
  if (!visit) throw new Error('visit insert returned nothing');
  const form = doc('visitor_confidentiality_form');
  await db.insert(schema.visitSignature).values({ visitId: visit.id, ...form, typedName: VISITOR.name, signaturePng: SIGNATURE_PNG, signedAt: at });
  // Inserted out of order: the signed copy must still list them form → policies → no-photography.
  for (const [kind, ack] of [
    ['no_photography_statement', 'no_photography'],
    ['disclosure_policy', 'policy_received'],
    ['confidentiality_policy', 'policy_received'],
  ] as const) {
    await db.insert(schema.visitAcknowledgement).values({ visitId: visit.id, ...doc(kind), kind: ack, acknowledgedAt: at });
  }
  const rows = Array.from({ length: opts.outboxRows ?? 1 }, () => ({
    organisationId: organisation.id,
    siteId: site.id,
    visitId: visit.id,
    template: 'signed_form_copy',
    toAddress: VISITOR.email,
  }));
  const outbox = await db.insert(schema.outboxMessage).values(rows).returning({ id: schema.outboxMessage.id });
  return { organisation, site, visitId: visit.id, outboxIds: outbox.map((r) => r.id) };
}

const outboxRow = async (id: string) => {
  const [row] = await db.select().from(schema.outboxMessage).where(eq(schema.outboxMessage.id, id));
  if (!row) throw new Error('outbox row vanished');
  return row;
};
const run = (organisationId: string, maxAttempts = 3) =>
  sendPendingOutbox(db, mailer, { limit: 20, maxAttempts, now: () => SENT_AT, organisationId });
