import { createHash, randomUUID } from 'node:crypto';
import { createDb, getOutboxMessage, getSignedFormRecord, listOutbox, schema } from '@threshold/db';
import { createTestOrganisation, createTestSite } from '@threshold/db/testing';
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { englishDefaults } from '../documents/defaults/en.ts';
import { CONFIDENTIALITY_NOTICE_WITH_ATTACHMENT } from './common.ts';
import { sendPendingOutbox } from './outbox-sender.ts';
import { useTestSmtp } from './outbox-test-scene.ts';
import { decodeWords, parseMail } from './smtp-test-server.ts';
import { SIGNED_FORM_ATTACHMENT, SIGNED_FORM_EMAIL_SUBJECT } from './templates.ts';

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
const SITE_NAME = 'Riverside Family Centre';
const SENT_AT = new Date('2026-11-21T15:00:00Z');

const handle = createDb(inject('databaseUrl'), { max: 4 });
const db = handle.db;
const testMail = useTestSmtp();
afterAll(() => handle.close());

// --- a visit as the kiosk records it ---------------------------------------------------------------------------
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function visitScene(opts: { outboxRows?: number } = {}) {
  const { organisation, site } = await createTestOrganisation(db, SITE_NAME);
  const at = new Date('2026-11-21T14:05:00Z');
  const docs = new Map<string, string>();
  for (const d of englishDefaults.filter((x) => x.kind !== 'staff_policy')) {
    const [row] = await db
      .insert(schema.policyDocument)
      .values({
        organisationId: organisation.id,
        siteId: site.id,
        kind: d.kind,
        language: 'en',
        version: 1,
        title: d.title,
        body: d.body,
        sha256: sha256(d.body),
        publishedAt: at,
      })
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
  await db
    .insert(schema.visitSignature)
    .values({ visitId: visit.id, ...form, typedName: VISITOR.name, signaturePng: SIGNATURE_PNG, signedAt: at });
  // Inserted out of order: the signed copy must still list them form → policies → no-photography.
  for (const [kind, ack] of [
    ['no_photography_statement', 'no_photography'],
    ['disclosure_policy', 'policy_received'],
    ['confidentiality_policy', 'policy_received'],
  ] as const) {
    await db
      .insert(schema.visitAcknowledgement)
      .values({ visitId: visit.id, ...doc(kind), kind: ack, acknowledgedAt: at });
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
  sendPendingOutbox(db, testMail.mailer, { limit: 20, maxAttempts, now: () => SENT_AT, organisationId });

describe('sendPendingOutbox', () => {
  it('sends the signed copy once, to the visitor, naming nobody else', async () => {
    const scene = await visitScene();
    const [id = ''] = scene.outboxIds;
    expect(await run(scene.organisation.id)).toEqual({ sent: 1, failed: 0 });

    expect(testMail.smtp.received).toHaveLength(1);
    const [mail] = testMail.smtp.received;
    expect(mail?.rcptTo).toEqual([VISITOR.email]);
    const parsed = parseMail(mail?.raw ?? '');
    expect(parsed.headers.get('to')).toBe(VISITOR.email);
    expect(decodeWords(parsed.headers.get('subject') ?? '')).toBe(SIGNED_FORM_EMAIL_SUBJECT);
    expect(parsed.headers.get('message-id')).toBe(`<${id}@threshold.test>`);
    expect(parsed.text).toContain('Hello Amara N.,');
    expect(parsed.text).toContain(CONFIDENTIALITY_NOTICE_WITH_ATTACHMENT);
    const everythingVisible = `${decodeWords(parsed.headers.get('subject') ?? '')}\n${parsed.text}`;
    for (const secret of ['Nwosu', VISITOR.organisation, VISITOR.purpose, VISITOR.host, SITE_NAME]) {
      expect(everythingVisible).not.toContain(secret);
    }
    expect(parsed.attachments).toHaveLength(1);
    const [pdf] = parsed.attachments;
    expect(pdf?.filename).toBe(SIGNED_FORM_ATTACHMENT);
    expect(pdf?.contentType).toContain('application/pdf');
    expect(pdf?.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await PDFDocument.load(pdf?.content ?? Buffer.alloc(0))).getPageCount()).toBeGreaterThan(1);

    expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 1, sentAt: SENT_AT, lastError: null });
    // Exactly once: a second run finds nothing to send.
    expect(await run(scene.organisation.id)).toEqual({ sent: 0, failed: 0 });
    expect(testMail.smtp.received).toHaveLength(1);
  });

  it('sends each message once when two senders run at the same time', async () => {
    const scene = await visitScene({ outboxRows: 4 });
    const results = await Promise.all([run(scene.organisation.id), run(scene.organisation.id)]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(4);
    const ids = testMail.smtp.received.map((m) => parseMail(m.raw).headers.get('message-id'));
    expect(ids.sort()).toEqual(scene.outboxIds.map((id) => `<${id}@threshold.test>`).sort());
    for (const id of scene.outboxIds) expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries a refused message on the next run, then gives up after maxAttempts', async () => {
    const scene = await visitScene();
    const [id = ''] = scene.outboxIds;
    testMail.smtp.rejectRecipients = true;
    // One attempt per run, however large the limit.
    expect(await run(scene.organisation.id, 2)).toEqual({ sent: 0, failed: 1 });
    const first = await outboxRow(id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, sentAt: null });
    // The stored reason is a code, never the server's reply (which can quote the address).
    expect(first.lastError).toMatch(/^[A-Z]+ 550$/);
    expect(first.lastError).not.toContain('example.org');
    // The retry waits (backoff): an immediate run leaves it alone.
    const [waiting] = await db
      .select({ next: schema.outboxMessage.nextAttemptAt })
      .from(schema.outboxMessage)
      .where(eq(schema.outboxMessage.id, id));
    expect((waiting?.next.getTime() ?? 0) - Date.now()).toBeGreaterThan(60_000);
    expect(await run(scene.organisation.id, 2)).toEqual({ sent: 0, failed: 0 });
    // Time passes.
    await db.update(schema.outboxMessage).set({ nextAttemptAt: new Date() }).where(eq(schema.outboxMessage.id, id));

    expect(await run(scene.organisation.id, 2)).toEqual({ sent: 0, failed: 1 });
    expect(await outboxRow(id)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(await run(scene.organisation.id, 2)).toEqual({ sent: 0, failed: 0 });
    expect(testMail.smtp.received).toHaveLength(0);
  });

  it('gives up at once on a message it can never send, and still sends the others', async () => {
    const scene = await visitScene();
    const base = { organisationId: scene.organisation.id, siteId: scene.site.id, toAddress: VISITOR.email };
    const broken = await db
      .insert(schema.outboxMessage)
      .values([
        { ...base, visitId: null, template: 'signed_form_copy' },
        { ...base, visitId: scene.visitId, template: 'no_such_template' },
      ])
      .returning({ id: schema.outboxMessage.id });
    expect(await run(scene.organisation.id)).toEqual({ sent: 1, failed: 2 });
    const [gone, unknown] = await Promise.all(broken.map((r) => outboxRow(r.id)));
    expect(gone).toMatchObject({ status: 'failed', attempts: 1, lastError: 'VISIT_GONE' });
    expect(unknown).toMatchObject({ status: 'failed', attempts: 1, lastError: 'UNKNOWN_TEMPLATE' });
    expect(testMail.smtp.received).toHaveLength(1);
  });
});

describe('outbox and signed-form queries', () => {
  it('reads the signed form in order: form, confidentiality, disclosure, no photography', async () => {
    const scene = await visitScene();
    const record = await getSignedFormRecord(db, { visitId: scene.visitId });
    expect(record?.signature?.document.kind).toBe('visitor_confidentiality_form');
    expect(record?.signature?.png.equals(SIGNATURE_PNG)).toBe(true);
    expect(record?.acknowledgements.map((a) => a.document.kind)).toEqual([
      'confidentiality_policy',
      'disclosure_policy',
      'no_photography_statement',
    ]);
    expect(await getSignedFormRecord(db, { visitId: randomUUID() })).toBeNull();
  });

  it('lists and reads messages only for the site asked about', async () => {
    const scene = await visitScene();
    const [id = ''] = scene.outboxIds;
    const other = await createTestSite(db, scene.organisation.id);
    expect((await listOutbox(db, { siteId: scene.site.id, limit: 10 })).map((m) => m.id)).toEqual([id]);
    expect(await listOutbox(db, { siteId: other.id, limit: 10 })).toEqual([]);
    expect(await getOutboxMessage(db, { id, siteId: scene.site.id })).toMatchObject({ id, status: 'pending' });
    expect(await getOutboxMessage(db, { id, siteId: other.id })).toBeNull();
  });
});
