import { createTestOrganisation, createTestSite } from '@threshold/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { JourneySlot } from '../domain/documents.ts';
import { type JourneyRefs, publishDocumentsAt, publishVersion, refsOf } from '../test-support/documents.ts';
import {
  callerFor,
  countsFor,
  createHarness,
  errorOf,
  httpCall,
  type JourneyInput,
  kioskScene,
  pairKioskAt,
  TINY_PNG,
  visitorInput,
} from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

const UPDATED = 'A document was updated while you were signing in. Please read it again.';

const slots = [
  ['form', 'visitor_confidentiality_form'],
  ['confidentialityPolicy', 'confidentiality_policy'],
  ['disclosurePolicy', 'disclosure_policy'],
  ['noPhotography', 'no_photography_statement'],
] as const satisfies readonly (readonly [JourneySlot, string])[];

/** The journey input with every document ref taken from `refs` (the form's ref rides on the signature). */
function withRefs(input: JourneyInput, refs: JourneyRefs): JourneyInput {
  return {
    ...input,
    signature: { ...input.signature, ...refs.form },
    confidentialityPolicy: refs.confidentialityPolicy,
    disclosurePolicy: refs.disclosurePolicy,
    noPhotography: refs.noPhotography,
  };
}

function withImage(input: JourneyInput, bytes: Buffer | string): JourneyInput {
  const base64 = typeof bytes === 'string' ? bytes : bytes.toString('base64');
  return { ...input, signature: { ...input.signature, imagePng: `data:image/png;base64,${base64}` } };
}

describe('visits.signIn refuses documents that are not the current ones', () => {
  it.each(slots)('a newer %s published after the kiosk fetched: CONFLICT, nothing written', async (slot, kind) => {
    const scene = await kioskScene(h);
    const input = visitorInput(scene, { email: 'stale@example.org' });
    const newer = await publishVersion(h, scene.site, { kind, language: 'en', body: `Revised ${kind}` });
    expect(newer.version).toBe(2);
    const before = await countsFor(h, scene.organisation.id);

    await expect(scene.caller.visits.signIn(input)).rejects.toMatchObject({ code: 'CONFLICT', message: UPDATED });
    expect(await countsFor(h, scene.organisation.id)).toEqual(before);

    // Reading the documents afresh gives the new version, and that journey goes through.
    const fresh = refsOf(await scene.caller.kiosk.documents({ language: 'en' }));
    expect(fresh[slot]).toEqual({ documentId: newer.id, documentSha256: newer.sha256 });
    await expect(scene.caller.visits.signIn(withRefs(input, fresh))).resolves.toMatchObject({ replayed: false });
    expect(await countsFor(h, scene.organisation.id)).toMatchObject({ visits: 1, acknowledgements: 3, outbox: 1 });
  });

  it.each(slots)('the current %s id with a different sha256: CONFLICT, nothing written', async (slot) => {
    const scene = await kioskScene(h);
    const wrong = { ...scene.documents, [slot]: { ...scene.documents[slot], documentSha256: 'f'.repeat(64) } };
    const before = await countsFor(h, scene.organisation.id);
    await expect(scene.caller.visits.signIn(withRefs(visitorInput(scene), wrong))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: UPDATED,
    });
    expect(await countsFor(h, scene.organisation.id)).toEqual(before);
  });

  it('the previous version, even with its own correct sha256: CONFLICT', async () => {
    const scene = await kioskScene(h);
    await publishVersion(h, scene.site, { kind: 'disclosure_policy', language: 'en', body: 'Second text' });
    const first = refsOf(await scene.caller.kiosk.documents({ language: 'en' }));
    await publishVersion(h, scene.site, { kind: 'disclosure_policy', language: 'en', body: 'Third text' });
    const before = await countsFor(h, scene.organisation.id);
    await expect(scene.caller.visits.signIn(withRefs(visitorInput(scene), first))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await countsFor(h, scene.organisation.id)).toEqual(before);
  });

  it('refs to the documents of another site, in the same or another organisation: CONFLICT', async () => {
    const scene = await kioskScene(h);
    const annexe = await createTestSite(h.db, scene.organisation.id, 'Annexe');
    await publishDocumentsAt(h, annexe);
    const annexeKiosk = await pairKioskAt(h, annexe, 'Annexe kiosk');
    const annexeRefs = refsOf(
      await callerFor(h, { kioskToken: annexeKiosk.token }).kiosk.documents({ language: 'en' }),
    );
    const foreign = await kioskScene(h);
    // Same default wording everywhere, so the hashes match: only the ids differ.
    expect(annexeRefs.form.documentSha256).toBe(scene.documents.form.documentSha256);
    expect(annexeRefs.form.documentId).not.toBe(scene.documents.form.documentId);

    const before = await countsFor(h, scene.organisation.id);
    for (const refs of [annexeRefs, foreign.documents]) {
      await expect(scene.caller.visits.signIn(withRefs(visitorInput(scene), refs))).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      // One ref from elsewhere among current ones is enough to refuse.
      const mixed = { ...scene.documents, noPhotography: refs.noPhotography };
      await expect(scene.caller.visits.signIn(withRefs(visitorInput(scene), mixed))).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    }
    expect(await countsFor(h, scene.organisation.id)).toEqual(before);
    expect(await countsFor(h, foreign.organisation.id)).toMatchObject({ visits: 0 });
  });

  it('a version published for a future date does not make the fetched documents stale', async () => {
    const scene = await kioskScene(h);
    await publishVersion(h, scene.site, {
      kind: 'visitor_confidentiality_form',
      language: 'en',
      body: 'From next week',
      publishedAt: new Date(Date.now() + 7 * 24 * 3600_000),
    });
    await publishVersion(h, scene.site, {
      kind: 'no_photography_statement',
      language: 'en',
      body: 'Draft',
      publishedAt: null,
    });
    await expect(scene.caller.visits.signIn(visitorInput(scene))).resolves.toMatchObject({ replayed: false });
  });

  it('a site with no published documents: CONFLICT, nothing written', async () => {
    const donor = await kioskScene(h);
    const { organisation, site } = await createTestOrganisation(h.db);
    const kiosk = await pairKioskAt(h, site);
    const caller = callerFor(h, { kioskToken: kiosk.token });
    await expect(caller.kiosk.documents({ language: 'en' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    const before = await countsFor(h, organisation.id);
    await expect(caller.visits.signIn(visitorInput(donor))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await countsFor(h, organisation.id)).toEqual(before);
  });
});

describe('visits.signIn refuses a signature image that is not a PNG', () => {
  const notPng: [string, Buffer][] = [
    ['a GIF', Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0080\u0000\u0000', 'latin1')],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01])],
    ['text', Buffer.from('this is not an image at all')],
    ['the PNG signature cut short', TINY_PNG.subarray(0, 7)],
    [
      'a PNG signature with one byte changed',
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x00]), TINY_PNG.subarray(8)]),
    ],
  ];

  it.each(notPng)('%s: BAD_REQUEST naming signature.imagePng, nothing written', async (_label, bytes) => {
    const scene = await kioskScene(h);
    const before = await countsFor(h, scene.organisation.id);
    const res = await httpCall(
      h,
      { kioskToken: scene.kiosk.token },
      {
        path: 'visits.signIn',
        type: 'mutation',
        input: withImage(visitorInput(scene, { email: 'x@example.org' }), bytes),
      },
    );
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('The signature image is damaged; please sign again');
    expect(error.data.fieldErrors).toEqual([
      {
        path: 'signature.imagePng',
        key: 'signature.imagePng.damaged',
        message: 'The signature image is damaged; please sign again',
      },
    ]);
    expect(await countsFor(h, scene.organisation.id)).toEqual(before);
  });

  it('an image over the size limit: BAD_REQUEST naming signature.imagePng, nothing written', async () => {
    const scene = await kioskScene(h);
    const before = await countsFor(h, scene.organisation.id);
    const huge = Buffer.concat([TINY_PNG, Buffer.alloc(310_000, 7)]);
    const res = await httpCall(
      h,
      { kioskToken: scene.kiosk.token },
      { path: 'visits.signIn', type: 'mutation', input: withImage(visitorInput(scene), huge) },
    );
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.fieldErrors).toMatchObject([
      { path: 'signature.imagePng', message: 'The signature image is too large' },
    ]);
    expect(await countsFor(h, scene.organisation.id)).toEqual(before);
  });

  it('an image just under the size limit is accepted', async () => {
    const scene = await kioskScene(h);
    // 299,982 bytes encode to 399,976 base64 characters; with the 22-character prefix, 399,998 in all.
    const big = Buffer.concat([TINY_PNG, Buffer.alloc(299_982 - TINY_PNG.length, 7)]);
    await expect(scene.caller.visits.signIn(withImage(visitorInput(scene), big))).resolves.toMatchObject({
      replayed: false,
    });
  });
});
