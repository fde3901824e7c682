import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  auditRowsOfType,
  callerFor,
  countsFor,
  createHarness,
  errorOf,
  httpCall,
  kioskScene,
  pairKioskAt,
  TINY_PNG_BASE64,
  visitorInput,
} from '../test-support/harness.ts';

// Enough connections for the concurrency test to actually run submits side by side.
const h = createHarness({ max: 8 });
afterAll(() => h.close());

const VISIT_CODE = /^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/;

describe('visits.signIn', () => {
  it('creates one visit awaiting an escort, and one audit event that names nobody', async () => {
    const scene = await kioskScene(h);
    const { organisation, site, kiosk, caller } = scene;
    const input = visitorInput(scene, {
      fullName: '  Ada Lovelace ',
      organisation: 'Analytical Engines Ltd',
      purpose: 'Difference engine demonstration',
      hostName: 'Charles Babbage',
      email: 'ada@engines.example',
    });

    const receipt = await caller.visits.signIn(input);
    expect(receipt.replayed).toBe(false);
    expect(receipt.visitCode).toMatch(VISIT_CODE);
    expect(receipt.signedInAt).toBeInstanceOf(Date);

    const visits = await h.db.query.visit.findMany({ where: (t, { eq }) => eq(t.organisationId, organisation.id) });
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({
      siteId: site.id,
      kioskDeviceId: kiosk.deviceId,
      idempotencyKey: input.idempotencyKey,
      visitorName: 'Ada Lovelace',
      visitorOrganisation: 'Analytical Engines Ltd',
      category: 'researcher',
      purpose: 'Difference engine demonstration',
      hostName: 'Charles Babbage',
      hostStaffId: null,
      visitorEmail: 'ada@engines.example',
      language: 'en',
      state: 'awaiting_escort',
      visitCode: receipt.visitCode,
      signedOutAt: null,
    });

    const audit = await auditRowsOfType(h, organisation.id, 'visit.signed_in');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: 'kiosk',
      actorId: kiosk.deviceId,
      siteId: site.id,
      visitId: visits[0]?.id,
    });
    expect(audit[0]?.data).toEqual({
      category: 'researcher',
      language: 'en',
      formDocumentId: scene.documents.form.documentId,
      acknowledgedDocumentIds: [
        scene.documents.confidentialityPolicy.documentId,
        scene.documents.disclosurePolicy.documentId,
        scene.documents.noPhotography.documentId,
      ],
      copyEmailed: true,
      signatureReused: false,
    });
    const trail = JSON.stringify(audit);
    for (const secret of ['Ada', 'Lovelace', 'Analytical', 'Difference engine', 'Babbage', 'engines.example']) {
      expect(trail).not.toContain(secret);
    }
    expect(trail).not.toContain(receipt.visitCode);
    expect(trail).not.toContain(TINY_PNG_BASE64.slice(0, 24));
  });

  it('returns the first receipt, marked replayed, when the same journey is submitted again', async () => {
    const scene = await kioskScene(h);
    const { organisation, caller } = scene;
    const input = visitorInput(scene, { email: 'first@example.org' });
    const first = await caller.visits.signIn(input);
    const counts = await countsFor(h, organisation.id);

    // A retry may even carry edited fields: the key decides, and nothing new is written.
    const again = await caller.visits.signIn({ ...input, fullName: 'Someone Else', email: 'other@example.org' });
    expect(again).toEqual({
      visitCode: first.visitCode,
      signedInAt: first.signedInAt,
      replayed: true,
      signatureReference: null,
    });
    expect(await countsFor(h, organisation.id)).toEqual(counts);
    expect(counts).toMatchObject({ visits: 1, signatures: 1, acknowledgements: 3, outbox: 1 });
  });

  it('writes exactly one visit when 20 submits of one journey arrive at once', async () => {
    const scene = await kioskScene(h);
    const { organisation, caller } = scene;
    const input = visitorInput(scene);
    const receipts = await Promise.all(Array.from({ length: 20 }, () => caller.visits.signIn(input)));

    expect(new Set(receipts.map((r) => r.visitCode)).size).toBe(1);
    expect(receipts.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await countsFor(h, organisation.id)).toMatchObject({ visits: 1, signatures: 1, acknowledgements: 3 });
    expect(await auditRowsOfType(h, organisation.id, 'visit.signed_in')).toHaveLength(1);
  });

  it('treats the same key from two kiosks as two journeys', async () => {
    const scene = await kioskScene(h);
    const { organisation, site, caller } = scene;
    const second = await pairKioskAt(h, site, 'Side door');
    const input = visitorInput(scene);
    const a = await caller.visits.signIn(input);
    const b = await callerFor(h, { kioskToken: second.token }).visits.signIn(input);
    expect(b.replayed).toBe(false);
    expect(b.visitCode).not.toBe(a.visitCode);
    expect(await countsFor(h, organisation.id)).toMatchObject({ visits: 2 });
  });

  it('gives every visitor on site a distinct code', async () => {
    const scene = await kioskScene(h);
    const { organisation, caller } = scene;
    const receipts = await Promise.all(Array.from({ length: 15 }, () => caller.visits.signIn(visitorInput(scene))));
    expect(new Set(receipts.map((r) => r.visitCode)).size).toBe(15);
    expect(await countsFor(h, organisation.id)).toMatchObject({ visits: 15 });
  });
});

describe('visits.signIn with bad input', () => {
  const cases: { label: string; input: (valid: Record<string, unknown>) => unknown; field: string }[] = [
    { label: 'an empty name', input: (v) => ({ ...v, fullName: '' }), field: 'fullName' },
    { label: 'a name of spaces only', input: (v) => ({ ...v, fullName: '   ' }), field: 'fullName' },
    {
      label: 'a name with a control character',
      input: (v) => ({ ...v, fullName: 'Eve\u0007 Mallory' }),
      field: 'fullName',
    },
    { label: 'a name with a newline inside', input: (v) => ({ ...v, fullName: 'Eve\nMallory' }), field: 'fullName' },
    { label: 'a 121-character name', input: (v) => ({ ...v, fullName: 'x'.repeat(121) }), field: 'fullName' },
    { label: 'an empty organisation', input: (v) => ({ ...v, organisation: '' }), field: 'organisation' },
    { label: 'an unknown category', input: (v) => ({ ...v, category: 'inspector' }), field: 'category' },
    {
      label: 'a missing idempotency key',
      input: ({ idempotencyKey: _omit, ...rest }) => rest,
      field: 'idempotencyKey',
    },
    { label: 'a key that is not a UUID', input: (v) => ({ ...v, idempotencyKey: 'abc' }), field: 'idempotencyKey' },
    { label: 'a malformed language code', input: (v) => ({ ...v, language: 'French!' }), field: 'language' },
    { label: 'an empty purpose', input: (v) => ({ ...v, purpose: ' ' }), field: 'purpose' },
    { label: 'a 501-character purpose', input: (v) => ({ ...v, purpose: 'p'.repeat(501) }), field: 'purpose' },
    { label: 'an empty host name', input: (v) => ({ ...v, hostName: '' }), field: 'hostName' },
    { label: 'a malformed email', input: (v) => ({ ...v, email: 'ada at example' }), field: 'email' },
    { label: 'a missing signature', input: ({ signature: _omit, ...rest }) => rest, field: 'signature' },
    {
      label: 'a signature without a typed name',
      input: (v) => ({ ...v, signature: { ...(v.signature as object), typedName: ' ' } }),
      field: 'signature.typedName',
    },
    {
      label: 'a signature image that is not base64',
      input: (v) => ({ ...v, signature: { ...(v.signature as object), imagePng: 'data:image/png;base64,<svg>' } }),
      field: 'signature.imagePng',
    },
    {
      label: 'a policy ref without a fingerprint',
      input: (v) => ({ ...v, disclosurePolicy: { ...(v.disclosurePolicy as object), documentSha256: 'abc' } }),
      field: 'disclosurePolicy.documentSha256',
    },
    {
      label: 'a missing no-photography ref',
      input: ({ noPhotography: _omit, ...rest }) => rest,
      field: 'noPhotography',
    },
  ];

  it.each(cases)('rejects $label as BAD_REQUEST naming $field, and writes nothing', async ({ input, field }) => {
    const scene = await kioskScene(h);
    const { organisation, kiosk } = scene;
    const before = await countsFor(h, organisation.id);

    const res = await httpCall(
      h,
      { kioskToken: kiosk.token },
      {
        path: 'visits.signIn',
        type: 'mutation',
        input: input({ ...visitorInput(scene) }),
      },
    );
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.fieldErrors.map((f) => f.path)).toEqual([field]);
    // Said in words alone: the field's name is for programs, in fieldErrors.
    expect(error.message).toBe(error.data.fieldErrors[0]?.message);
    expect(error.message).not.toContain(`${field}:`);
    expect(await countsFor(h, organisation.id)).toEqual(before);
  });

  it('reports every bad field at once', async () => {
    const scene = await kioskScene(h);
    const res = await httpCall(
      h,
      { kioskToken: scene.kiosk.token },
      {
        path: 'visits.signIn',
        type: 'mutation',
        input: {
          ...visitorInput(scene),
          idempotencyKey: 'nope',
          fullName: '',
          organisation: '',
          category: 'spy',
          purpose: '',
          email: 'nope',
        },
      },
    );
    expect(
      errorOf(res)
        .data.fieldErrors.map((f) => f.path)
        .sort(),
    ).toEqual(['category', 'email', 'fullName', 'idempotencyKey', 'organisation', 'purpose'].sort());
  });

  it('reports every missing part of the journey when only the old fields are sent', async () => {
    const scene = await kioskScene(h);
    const send = async (input: unknown) => {
      const res = await httpCall(
        h,
        { kioskToken: scene.kiosk.token },
        { path: 'visits.signIn', type: 'mutation', input },
      );
      return errorOf(res)
        .data.fieldErrors.map((f) => f.path)
        .sort();
    };
    const old = { idempotencyKey: randomUUID(), fullName: 'Grace Hopper', organisation: 'Navy', category: 'donor' };
    expect(await send(old)).toEqual([
      'confidentialityPolicy',
      'disclosurePolicy',
      'hostName',
      'noPhotography',
      'purpose',
    ]);
    // “Signed or reused” is checked once the rest of the journey is well formed.
    const { signature: _unsigned, ...rest } = visitorInput(scene);
    expect(await send({ ...rest, ...old })).toEqual(['signature']);
  });

  it('accepts names in any script, trimmed', async () => {
    const scene = await kioskScene(h);
    const { organisation, caller } = scene;
    await caller.visits.signIn(visitorInput(scene, { fullName: ' សុខ ដារ៉ា ', organisation: 'Café Zürich' }));
    const [row] = await h.db.query.visit.findMany({ where: (t, { eq }) => eq(t.organisationId, organisation.id) });
    expect(row?.visitorName).toBe('សុខ ដារ៉ា');
    expect(row?.visitorOrganisation).toBe('Café Zürich');
  });
});
