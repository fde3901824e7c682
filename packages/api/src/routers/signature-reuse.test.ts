import { createDb } from '@threshold/db';
import { createTestSite } from '@threshold/db/testing';
import type { SignInInput } from '@threshold/validators';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { REFERENCE_REFUSED } from '../domain/signature-reuse.ts';
import { type JourneyRefs, publishDocumentsAt, publishVersion, refsOf, sha256 } from '../test-support/documents.ts';
import {
  auditRowsOfType,
  callerFor,
  countsFor,
  createHarness,
  kioskScene,
  pairKioskAt,
  TINY_PNG,
  visitorInput,
} from '../test-support/harness.ts';

// Enough connections for the parallel guesses to really run side by side.
const h = createHarness({ max: 8 });
const owner = createDb(inject('ownerDatabaseUrl'), { max: 1 });
afterAll(async () => {
  await h.close();
  await owner.close();
});

/** Signed records cannot be updated by anyone: the owner deletes one and writes it again with `changes`. */
async function rewriteSignature(visitId: string, changes: Record<string, unknown>) {
  await owner.sql.begin(async (tx) => {
    const [old] = await tx`delete from visit_signature where visit_id = ${visitId} returning *`;
    await tx`insert into visit_signature ${tx({ ...old, ...changes })}`;
  });
}

const REFERENCE = /^[ACDEFGHJKMNPQRTUVWXY34679]{8}$/;
const DAY = 24 * 60 * 60 * 1000;
// A signature distinguishable from TINY_PNG, so a copy is provably the first visit's bytes.
const FIRST_PNG = Buffer.concat([TINY_PNG, Buffer.from('first visit')]);

type Scene = Awaited<ReturnType<typeof kioskScene>>;
type Kiosk = { caller: Scene['caller']; documents: JourneyRefs };

async function setValidMonths(siteId: string, months: number) {
  await h.handle.sql`update site set signature_valid_months = ${months} where id = ${siteId}`;
}

/** A scene at a site that accepts signatures given within `months`. */
async function sceneWithMonths(months: number) {
  const scene = await kioskScene(h);
  await setValidMonths(scene.site.id, months);
  return scene;
}

/** Signs in with a new signature (FIRST_PNG by Ada Lovelace); returns the receipt and the stored signature row. */
async function signFresh(scene: Scene) {
  const input = visitorInput(scene, {
    fullName: 'Ada Lovelace',
    signature: {
      ...scene.documents.form,
      typedName: 'Ada Lovelace',
      imagePng: `data:image/png;base64,${FIRST_PNG.toString('base64')}`,
    },
  });
  const receipt = await scene.caller.visits.signIn(input);
  const [row] = await h.handle.sql<{ visit_id: string; reference_hash: string | null }[]>`
    select s.visit_id, s.reference_hash from visit_signature s join visit v on v.id = s.visit_id
    where v.organisation_id = ${scene.organisation.id} and v.idempotency_key = ${input.idempotencyKey}`;
  if (!row) throw new Error('no signature stored');
  return { input, receipt, row };
}

/** A journey that presents `reference` instead of signing. */
function reuseInput(kiosk: { documents: JourneyRefs }, reference: string): SignInInput {
  const { signature: _fresh, ...rest } = visitorInput(kiosk, { fullName: 'Ada Lovelace' });
  return { ...rest, reusedSignature: { ...kiosk.documents.form, reference } };
}

const check = (kiosk: Kiosk, reference: string) =>
  kiosk.caller.kiosk.checkSignatureReference({ ...kiosk.documents.form, reference, fullName: 'Ada Lovelace' });

/** A reference of the right shape that differs from `reference` in its last character. */
const wrongFrom = (reference: string) => reference.slice(0, 7) + (reference.endsWith('A') ? 'C' : 'A');

/** The check says no, and a sign-in with the reference is refused neutrally, writing nothing. */
async function expectRefused(kiosk: Kiosk, organisationId: string, reference: string) {
  await expect(check(kiosk, reference)).resolves.toEqual({ accepted: false });
  const before = await countsFor(h, organisationId);
  await expect(kiosk.caller.visits.signIn(reuseInput(kiosk, reference))).rejects.toMatchObject({
    code: 'CONFLICT',
    message: REFERENCE_REFUSED,
  });
  expect(await countsFor(h, organisationId)).toEqual(before);
}

async function signaturesOf(organisationId: string) {
  const visits = await h.handle.sql<{ id: string }[]>`select id from visit where organisation_id = ${organisationId}`;
  const ids = visits.map((v) => v.id);
  return h.db.query.visitSignature.findMany({ where: (t, { inArray }) => inArray(t.visitId, ids) });
}

describe('sites that ask for a signature at every visit (N = 0, the default)', () => {
  it('issues no reference and never accepts one, even a hash that matches a stored signature', async () => {
    const scene = await kioskScene(h);
    expect((await scene.caller.kiosk.status()).signatureValidMonths).toBe(0);
    const { receipt, row } = await signFresh(scene);
    expect(receipt.signatureReference).toBeNull();
    expect(row.reference_hash).toBeNull();

    // Plant a would-be-valid reference on that signature: same site, current form, signed just now.
    const reference = 'ACDE4679';
    await rewriteSignature(row.visit_id, { reference_hash: sha256(reference) });
    await expectRefused(scene, scene.organisation.id, reference);
    expect(await countsFor(h, scene.organisation.id)).toMatchObject({ visits: 1, signatures: 1 });
  });
});

describe('sites that accept a signature given within 6 months', () => {
  it('shows a new reference once, stores only its SHA-256, and never reveals it on a replay', async () => {
    const scene = await sceneWithMonths(6);
    expect((await scene.caller.kiosk.status()).signatureValidMonths).toBe(6);
    const { input, receipt, row } = await signFresh(scene);
    const reference = receipt.signatureReference ?? '';
    expect(reference).toMatch(REFERENCE);
    expect(row.reference_hash).toBe(sha256(reference));

    const replay = await scene.caller.visits.signIn(input);
    expect(replay).toMatchObject({ replayed: true, signatureReference: null, visitCode: receipt.visitCode });

    const [stored] = await h.handle.sql<{ text: string }[]>`
      select concat_ws(' ',
        (select string_agg(row_to_json(s)::text, ' ') from visit_signature s join visit v on v.id = s.visit_id
          where v.organisation_id = ${scene.organisation.id}),
        (select string_agg(row_to_json(v)::text, ' ') from visit v where v.organisation_id = ${scene.organisation.id}),
        (select string_agg(row_to_json(a)::text, ' ') from audit_event a
          where a.organisation_id = ${scene.organisation.id})) as text`;
    expect(stored?.text).toContain(sha256(reference));
    expect(stored?.text).not.toContain(reference);
  });

  it('accepts the reference typed in lower case with dashes, and a sign-in with it copies the first signature', async () => {
    const scene = await sceneWithMonths(6);
    const signedAt = new Date(Date.now() - 30 * DAY);
    const first = await signFresh({ ...scene, caller: callerFor(h, { kioskToken: scene.kiosk.token, now: signedAt }) });
    const reference = first.receipt.signatureReference ?? '';
    const typed = `${reference.slice(0, 4)}-${reference.slice(4)}`.toLowerCase();
    await expect(check(scene, typed)).resolves.toEqual({ accepted: true });

    const receipt = await scene.caller.visits.signIn(reuseInput(scene, typed));
    expect(receipt).toMatchObject({ replayed: false, signatureReference: null });

    const rows = await signaturesOf(scene.organisation.id);
    const original = rows.find((r) => r.visitId === first.row.visit_id);
    const copy = rows.find((r) => r.visitId !== first.row.visit_id);
    expect(rows).toHaveLength(2);
    expect(copy?.signaturePng.equals(FIRST_PNG)).toBe(true);
    expect(copy?.typedName).toBe('Ada Lovelace');
    expect(copy?.signedAt.toISOString()).toBe(signedAt.toISOString());
    expect(copy?.documentId).toBe(original?.documentId);
    expect(copy?.documentSha256).toBe(original?.documentSha256);
    expect(copy?.reusedFromVisitId).toBe(first.row.visit_id);
    // No new reference: the reused visit carries the first visit's hash and nothing else.
    expect(copy?.referenceHash).toBe(sha256(reference));

    const audits = await auditRowsOfType(h, scene.organisation.id, 'visit.signed_in');
    expect(audits.map((a) => (a.data as { signatureReused: boolean }).signatureReused)).toEqual([false, true]);
  });
});

describe('references that cannot stand in for signing today', () => {
  it('a signature older than N months; one just inside the window still counts', async () => {
    const scene = await sceneWithMonths(6);
    const { receipt, row } = await signFresh(scene);
    const reference = receipt.signatureReference ?? '';
    const setSignedAt = (at: Date) => rewriteSignature(row.visit_id, { signed_at: at.toISOString() });
    const now = new Date();
    const sixMonthsAgo = new Date(now);
    sixMonthsAgo.setUTCMonth(sixMonthsAgo.getUTCMonth() - 6);

    await setSignedAt(new Date(sixMonthsAgo.getTime() + 5 * DAY));
    await expect(check(scene, reference)).resolves.toEqual({ accepted: true });
    await setSignedAt(new Date(sixMonthsAgo.getTime() - 5 * DAY));
    await expectRefused(scene, scene.organisation.id, reference);
  });

  it('a newer version of the form was published since', async () => {
    const scene = await sceneWithMonths(6);
    const reference = (await signFresh(scene)).receipt.signatureReference ?? '';
    const newer = await publishVersion(h, scene.site, {
      kind: 'visitor_confidentiality_form',
      language: 'en',
      body: 'Revised Confidentiality for Visitors form',
    });
    const documents = refsOf(await scene.caller.kiosk.documents({ language: 'en' }));
    expect(documents.form).toEqual({ documentId: newer.id, documentSha256: newer.sha256 });
    await expectRefused({ caller: scene.caller, documents }, scene.organisation.id, reference);
  });

  it('a kiosk at another site, even of the same organisation', async () => {
    const scene = await sceneWithMonths(6);
    const reference = (await signFresh(scene)).receipt.signatureReference ?? '';
    const other = await createTestSite(h.db, scene.organisation.id, 'Second office');
    await publishDocumentsAt(h, other);
    await setValidMonths(other.id, 6);
    const caller = callerFor(h, { kioskToken: (await pairKioskAt(h, other)).token });
    const documents = refsOf(await caller.kiosk.documents({ language: 'en' }));
    await expectRefused({ caller, documents }, scene.organisation.id, reference);
    // Naming the first site's form does not help either.
    await expect(check({ caller, documents: scene.documents }, reference)).resolves.toEqual({ accepted: false });
  });

  it('a different name, or the old form version named after a new one was published', async () => {
    const scene = await sceneWithMonths(6);
    const reference = (await signFresh(scene)).receipt.signatureReference ?? '';
    await expect(
      scene.caller.kiosk.checkSignatureReference({ ...scene.documents.form, reference, fullName: 'Someone Else' }),
    ).resolves.toEqual({ accepted: false });
    await expect(
      scene.caller.kiosk.checkSignatureReference({ ...scene.documents.form, reference, fullName: ' ada  LOVELACE ' }),
    ).resolves.toEqual({ accepted: true });
    await publishVersion(h, scene.site, { kind: 'visitor_confidentiality_form', language: 'en', body: 'Revised form' });
    // The old version's refs are no longer the current form: not accepted, whatever the kiosk claims.
    await expect(check(scene, reference)).resolves.toEqual({ accepted: false });
  });

  it('the site went back to asking for a signature at every visit', async () => {
    const scene = await sceneWithMonths(6);
    const reference = (await signFresh(scene)).receipt.signatureReference ?? '';
    await expect(check(scene, reference)).resolves.toEqual({ accepted: true });
    await setValidMonths(scene.site.id, 0);
    await expectRefused(scene, scene.organisation.id, reference);
  });
});

describe('wrong references are rate-limited per kiosk', () => {
  /** A 6-month site with one signature given, and the reference the visitor was shown. */
  async function signedScene() {
    const scene = await sceneWithMonths(6);
    const reference = (await signFresh(scene)).receipt.signatureReference ?? '';
    expect(reference).toMatch(REFERENCE);
    return { scene, reference, wrong: wrongFrom(reference) };
  }

  it('after 5 wrong references even the right one is refused', async () => {
    const { scene, reference, wrong } = await signedScene();
    for (let i = 0; i < 5; i++) await expect(check(scene, wrong)).resolves.toEqual({ accepted: false });
    await expect(check(scene, reference)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('after 4 wrong the right one is accepted and not counted', async () => {
    const { scene, reference, wrong } = await signedScene();
    for (let i = 0; i < 4; i++) await expect(check(scene, wrong)).resolves.toEqual({ accepted: false });
    await expect(check(scene, reference)).resolves.toEqual({ accepted: true });
    // The right one was refunded: a fifth wrong one is still evaluated, the next is not.
    await expect(check(scene, wrong)).resolves.toEqual({ accepted: false });
    await expect(check(scene, wrong)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('wrong references presented at sign-in count against the same limit', async () => {
    const { scene, reference, wrong } = await signedScene();
    for (let i = 0; i < 5; i++) {
      await expect(scene.caller.visits.signIn(reuseInput(scene, wrong))).rejects.toMatchObject({ code: 'CONFLICT' });
    }
    await expect(scene.caller.visits.signIn(reuseInput(scene, reference))).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
  });

  it('20 parallel wrong references: exactly 5 evaluated, 15 refused; another kiosk is unaffected', async () => {
    const { scene, reference, wrong } = await signedScene();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => check(scene, wrong)));
    const evaluated = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(evaluated.map((r) => r.value)).toEqual(Array(5).fill({ accepted: false }));
    expect(refused.map((r) => (r.reason as { code?: string }).code)).toEqual(Array(15).fill('TOO_MANY_REQUESTS'));
    await expect(check(scene, reference)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });

    const second = callerFor(h, { kioskToken: (await pairKioskAt(h, scene.site, 'Second kiosk')).token });
    await expect(check({ caller: second, documents: scene.documents }, reference)).resolves.toEqual({
      accepted: true,
    });
  });
});
