import { randomBytes } from 'node:crypto';
import { decryptValue } from '@threshold/db';
import { afterAll, describe, expect, it } from 'vitest';
import { publishVersion, refsOf, sha256 } from '../test-support/documents.ts';
import {
  auditRowsOfType,
  callerFor,
  countsFor,
  createHarness,
  kioskScene,
  TINY_PNG,
  visitorInput,
} from '../test-support/harness.ts';

// Enough connections for the concurrent replays to really run side by side.
const h = createHarness({ max: 8 });
afterAll(() => h.close());

async function visitOf(organisationId: string) {
  const rows = await h.handle.sql<
    {
      id: string;
      purpose: Buffer;
      host_name: Buffer | null;
      host_staff_id: string | null;
      visitor_email: Buffer | null;
      language: string;
    }[]
  >`select id, purpose, host_name, host_staff_id, visitor_email, language
    from visit where organisation_id = ${organisationId}`;
  expect(rows).toHaveLength(1);
  const [row] = rows;
  if (!row) throw new Error('no visit');
  // Stored encrypted: read back as the application would.
  const open = (value: Buffer | null) => (value === null ? null : decryptValue(value));
  return {
    ...row,
    purpose: decryptValue(row.purpose),
    host_name: open(row.host_name),
    visitor_email: open(row.visitor_email),
  };
}

async function signatureOf(visitId: string) {
  return h.db.query.visitSignature.findMany({ where: (t, { eq }) => eq(t.visitId, visitId) });
}

/** The acknowledgements with the version of the document each points at, ordered by document kind. */
async function acknowledgementsOf(visitId: string) {
  const rows = await h.db.query.visitAcknowledgement.findMany({ where: (t, { eq }) => eq(t.visitId, visitId) });
  const withDocs = await Promise.all(
    rows.map(async (row) => {
      const doc = await h.db.query.policyDocument.findFirst({ where: (t, { eq }) => eq(t.id, row.documentId) });
      return { ...row, documentKind: doc?.kind ?? '', version: doc?.version };
    }),
  );
  return withDocs
    .sort((a, b) => a.documentKind.localeCompare(b.documentKind))
    .map(({ visitId: _v, documentKind: _k, ...rest }) => rest);
}

async function outboxOf(organisationId: string) {
  const rows = await h.handle.sql<
    { visit_id: string; site_id: string; template: string; to_address: Buffer; status: string }[]
  >`select visit_id, site_id, template, to_address, status from outbox_message where organisation_id = ${organisationId}`;
  // The address is stored encrypted (migration 0021): decryptValue fails on anything else.
  return rows.map((r) => ({ ...r, to_address: decryptValue(r.to_address) }));
}

describe('the sign-in transaction', () => {
  it('stores the signature on the exact form version, the three acknowledgements and the journey details', async () => {
    const scene = await kioskScene(h);
    const docs = await scene.caller.kiosk.documents({ language: 'en' });
    const now = new Date('2031-03-04T05:06:07.000Z');
    const input = visitorInput(scene, {
      purpose: 'Quarterly donor visit',
      hostName: 'Sam Okafor',
      signature: {
        ...scene.documents.form,
        typedName: '  Grace B. Hopper ',
        imagePng: `data:image/png;base64,${TINY_PNG.toString('base64')}`,
      },
    });
    await callerFor(h, { kioskToken: scene.kiosk.token, now }).visits.signIn(input);

    const visit = await visitOf(scene.organisation.id);
    expect(visit).toMatchObject({
      purpose: 'Quarterly donor visit',
      host_name: 'Sam Okafor',
      host_staff_id: null,
      visitor_email: null,
      language: 'en',
    });

    const signatures = await signatureOf(visit.id);
    expect(signatures).toHaveLength(1);
    const [signature] = signatures;
    expect(signature?.documentId).toBe(docs.form.id);
    // The hash is of the very text the kiosk showed, computed here independently.
    expect(signature?.documentSha256).toBe(sha256(docs.form.body));
    expect(signature?.typedName).toBe('Grace B. Hopper');
    expect(signature?.signedAt.toISOString()).toBe(now.toISOString());
    expect(Buffer.isBuffer(signature?.signaturePng)).toBe(true);
    expect(signature?.signaturePng.equals(TINY_PNG)).toBe(true);

    // Ordered by document kind: confidentiality_policy, disclosure_policy, no_photography_statement.
    const ack = (doc: { id: string; body: string }, kind: string) => ({
      documentId: doc.id,
      documentSha256: sha256(doc.body),
      kind,
      version: 1,
      acknowledgedAt: now,
    });
    expect(await acknowledgementsOf(visit.id)).toEqual([
      ack(docs.confidentialityPolicy, 'policy_received'),
      ack(docs.disclosurePolicy, 'policy_received'),
      ack(docs.noPhotography, 'no_photography'),
    ]);
    expect(await outboxOf(scene.organisation.id)).toEqual([]);
    expect(await countsFor(h, scene.organisation.id)).toMatchObject({
      visits: 1,
      signatures: 1,
      acknowledgements: 3,
      outbox: 0,
    });
    const [audit] = await auditRowsOfType(h, scene.organisation.id, 'visit.signed_in');
    expect(audit?.data).toMatchObject({ copyEmailed: false });
  });

  it('keeps a realistic signature image byte for byte', async () => {
    const scene = await kioskScene(h);
    // A PNG signature followed by 30 KB of arbitrary bytes, zeros and high bytes included.
    const png = Buffer.concat([TINY_PNG.subarray(0, 8), randomBytes(30_000), Buffer.from([0, 0, 0xff, 0])]);
    const input = visitorInput(scene, {
      signature: {
        ...scene.documents.form,
        typedName: 'Grace Hopper',
        imagePng: `data:image/png;base64,${png.toString('base64')}`,
      },
    });
    await scene.caller.visits.signIn(input);
    const visit = await visitOf(scene.organisation.id);
    const [signature] = await signatureOf(visit.id);
    expect(signature?.signaturePng.length).toBe(png.length);
    expect(signature?.signaturePng.equals(png)).toBe(true);
  });

  it('queues a copy of the signed form only when the visitor gave an email', async () => {
    const scene = await kioskScene(h);
    await scene.caller.visits.signIn(visitorInput(scene, { email: '  Ada@Example.org ' }));
    const visit = await visitOf(scene.organisation.id);
    expect(visit.visitor_email).toBe('Ada@Example.org');
    expect(await outboxOf(scene.organisation.id)).toEqual([
      {
        visit_id: visit.id,
        site_id: scene.site.id,
        template: 'signed_form_copy',
        to_address: 'Ada@Example.org',
        status: 'pending',
      },
    ]);
    const [audit] = await auditRowsOfType(h, scene.organisation.id, 'visit.signed_in');
    expect(audit?.data).toMatchObject({ copyEmailed: true });
    expect(JSON.stringify(audit)).not.toContain('Example.org');

    // An empty email field is no email.
    const blank = await kioskScene(h);
    await blank.caller.visits.signIn(visitorInput(blank, { email: '   ' }));
    expect((await visitOf(blank.organisation.id)).visitor_email).toBeNull();
    expect(await outboxOf(blank.organisation.id)).toEqual([]);
    expect((await auditRowsOfType(h, blank.organisation.id, 'visit.signed_in'))[0]?.data).toMatchObject({
      copyEmailed: false,
    });
  });

  it('records a Khmer journey on the English documents the kiosk fell back to', async () => {
    const scene = await kioskScene(h, { englishOnly: true });
    const docs = await scene.caller.kiosk.documents({ language: 'km' });
    expect(docs.form.language).toBe('en');
    await scene.caller.visits.signIn(visitorInput(scene, { language: 'km' }));
    const visit = await visitOf(scene.organisation.id);
    expect(visit.language).toBe('km');
    expect((await signatureOf(visit.id))[0]?.documentId).toBe(docs.form.id);
    expect((await auditRowsOfType(h, scene.organisation.id, 'visit.signed_in'))[0]?.data).toMatchObject({
      language: 'km',
      formDocumentId: docs.form.id,
    });
  });

  it('records a Khmer journey on the Khmer versions, refusing the English refs', async () => {
    const scene = await kioskScene(h, { englishOnly: true });
    const khmer = await Promise.all(
      (
        [
          'visitor_confidentiality_form',
          'confidentiality_policy',
          'disclosure_policy',
          'no_photography_statement',
        ] as const
      ).map((kind) => publishVersion(h, scene.site, { kind, language: 'km', body: `${kind} ជាភាសាខ្មែរ` })),
    );
    const docs = await scene.caller.kiosk.documents({ language: 'km' });
    expect(docs.form).toMatchObject({ id: khmer[0]?.id, language: 'km' });

    // The English refs are not what a Khmer visitor is shown.
    const before = await countsFor(h, scene.organisation.id);
    await expect(scene.caller.visits.signIn(visitorInput(scene, { language: 'km' }))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await countsFor(h, scene.organisation.id)).toEqual(before);

    await scene.caller.visits.signIn(visitorInput({ documents: refsOf(docs) }, { language: 'km' }));
    const visit = await visitOf(scene.organisation.id);
    expect(visit.language).toBe('km');
    const [signature] = await signatureOf(visit.id);
    expect(signature).toMatchObject({ documentId: docs.form.id, documentSha256: sha256(docs.form.body) });
    expect((await acknowledgementsOf(visit.id)).map((a) => a.documentId)).toEqual(
      [docs.confidentialityPolicy, docs.disclosurePolicy, docs.noPhotography].map((d) => d.id),
    );
  });
});

describe('replaying a journey', () => {
  it('writes no second signature, acknowledgement, email or audit event', async () => {
    const scene = await kioskScene(h);
    const input = visitorInput(scene, { email: 'once@example.org' });
    const first = await scene.caller.visits.signIn(input);
    const before = await countsFor(h, scene.organisation.id);
    expect(before).toMatchObject({ visits: 1, signatures: 1, acknowledgements: 3, outbox: 1 });

    const again = await scene.caller.visits.signIn(input);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await countsFor(h, scene.organisation.id)).toEqual(before);
  });

  it('20 concurrent submits of one journey leave exactly one of each row', async () => {
    const scene = await kioskScene(h);
    const before = await countsFor(h, scene.organisation.id);
    const input = visitorInput(scene, { email: 'burst@example.org' });
    const receipts = await Promise.all(Array.from({ length: 20 }, () => scene.caller.visits.signIn(input)));

    expect(receipts.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(receipts.map((r) => r.visitCode)).size).toBe(1);
    expect(await countsFor(h, scene.organisation.id)).toEqual({
      visits: 1,
      signatures: 1,
      acknowledgements: 3,
      outbox: 1,
      // The sign-in and its deny-list check.
      audit: before.audit + 2,
    });
    expect(await auditRowsOfType(h, scene.organisation.id, 'visit.signed_in')).toHaveLength(1);
  });
});
