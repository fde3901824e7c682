import { createTestOrganisation } from '@threshold/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { khmerDefaults } from '../documents/defaults/km.ts';
import { journeyKinds } from '../domain/documents.ts';
import { publishVersion, sha256 } from '../test-support/documents.ts';
import { callerFor, createHarness, kioskScene, pairKioskAt } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

const slots = Object.keys(journeyKinds) as (keyof typeof journeyKinds)[];
const HOUR = 3600_000;

describe('kiosk.documents', () => {
  it('returns the four English documents, each hashed exactly as it reads', async () => {
    const { caller } = await kioskScene(h);
    const docs = await caller.kiosk.documents({ language: 'en' });
    expect(Object.keys(docs).sort()).toEqual([...slots].sort());
    for (const slot of slots) {
      const doc = docs[slot];
      expect(doc).toMatchObject({ kind: journeyKinds[slot], language: 'en', version: 1, englishIsNewer: false });
      expect(Object.keys(doc).sort()).toEqual([
        'body',
        'englishIsNewer',
        'id',
        'kind',
        'language',
        'sha256',
        'title',
        'version',
      ]);
      expect(doc.body.length).toBeGreaterThan(100);
      expect(doc.sha256).toBe(sha256(doc.body));
    }
    expect(docs.form.title).toBe('Confidentiality for Visitors');
  });

  it('offers the Khmer default wording where it exists, and English for the rest', async () => {
    const { caller } = await kioskScene(h);
    const english = await caller.kiosk.documents({ language: 'en' });
    const khmer = await caller.kiosk.documents({ language: 'km' });
    for (const slot of slots) {
      const translated = khmerDefaults.find((d) => d.kind === journeyKinds[slot]);
      if (translated) {
        expect(khmer[slot]).toMatchObject({
          language: 'km',
          version: 1,
          title: translated.title,
          body: translated.body,
        });
        expect(khmer[slot].sha256).toBe(sha256(translated.body));
        expect(khmer[slot].id).not.toBe(english[slot].id);
      } else {
        expect(khmer[slot]).toEqual(english[slot]);
      }
    }
  });

  it('falls back to English, document by document, where the language has none', async () => {
    const { site, caller } = await kioskScene(h, { englishOnly: true });
    const english = await caller.kiosk.documents({ language: 'en' });
    expect(await caller.kiosk.documents({ language: 'km' })).toEqual(english);

    const form = await publishVersion(h, site, {
      kind: 'visitor_confidentiality_form',
      language: 'km',
      title: 'ការសម្ងាត់សម្រាប់ភ្ញៀវ',
      body: 'អត្ថបទជាភាសាខ្មែរ',
    });
    const khmer = await caller.kiosk.documents({ language: 'km' });
    expect(khmer.form).toMatchObject({ id: form.id, language: 'km', version: 1, sha256: sha256('អត្ថបទជាភាសាខ្មែរ') });
    expect(khmer.form.title).toBe('ការសម្ងាត់សម្រាប់ភ្ញៀវ');
    expect(khmer.confidentialityPolicy).toEqual(english.confidentialityPolicy);
    expect(khmer.disclosurePolicy).toEqual(english.disclosurePolicy);
    expect(khmer.noPhotography).toEqual(english.noPhotography);
    // English visitors are unaffected.
    expect(await caller.kiosk.documents({ language: 'en' })).toEqual(english);
  });

  it('returns the newest published version', async () => {
    const { site, caller } = await kioskScene(h);
    await publishVersion(h, site, { kind: 'disclosure_policy', language: 'en', body: 'Second wording' });
    const third = await publishVersion(h, site, { kind: 'disclosure_policy', language: 'en', body: 'Third wording' });
    const docs = await caller.kiosk.documents({ language: 'en' });
    expect(docs.disclosurePolicy).toMatchObject({
      id: third.id,
      version: 3,
      body: 'Third wording',
      sha256: sha256('Third wording'),
    });
    expect(docs.form.version).toBe(1);
  });

  it('never returns a draft or a version dated in the future', async () => {
    const { site, caller } = await kioskScene(h, { englishOnly: true });
    const current = await caller.kiosk.documents({ language: 'en' });
    const draft = await publishVersion(h, site, {
      kind: 'no_photography_statement',
      language: 'en',
      body: 'Draft',
      publishedAt: null,
    });
    const future = await publishVersion(h, site, {
      kind: 'visitor_confidentiality_form',
      language: 'en',
      body: 'Tomorrow',
      publishedAt: new Date(Date.now() + 24 * HOUR),
    });
    // A Khmer draft does not replace the English fallback either.
    await publishVersion(h, site, { kind: 'confidentiality_policy', language: 'km', body: 'ព្រាង', publishedAt: null });
    expect([draft.version, future.version]).toEqual([2, 2]);

    expect(await caller.kiosk.documents({ language: 'en' })).toEqual(current);
    expect(await caller.kiosk.documents({ language: 'km' })).toEqual(current);
  });

  it('is not affected by the documents of another site', async () => {
    const a = await kioskScene(h, { englishOnly: true });
    const b = await kioskScene(h);
    const before = await a.caller.kiosk.documents({ language: 'en' });
    await publishVersion(h, b.site, { kind: 'visitor_confidentiality_form', language: 'en', body: 'B only' });
    await publishVersion(h, b.site, { kind: 'visitor_confidentiality_form', language: 'km', body: 'B ខ្មែរ' });
    expect(await a.caller.kiosk.documents({ language: 'en' })).toEqual(before);
    expect(await a.caller.kiosk.documents({ language: 'km' })).toEqual(before);
    expect((await b.caller.kiosk.documents({ language: 'en' })).form.body).toBe('B only');
  });

  it('is PRECONDITION_FAILED at a site with no published documents, or missing one of the four', async () => {
    const { site } = await createTestOrganisation(h.db);
    const kiosk = await pairKioskAt(h, site);
    const caller = callerFor(h, { kioskToken: kiosk.token });
    await expect(caller.kiosk.documents({ language: 'en' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });

    for (const kind of ['visitor_confidentiality_form', 'confidentiality_policy', 'disclosure_policy'] as const) {
      await publishVersion(h, site, { kind, language: 'en', body: kind });
    }
    // The fourth exists only in Khmer: English visitors cannot start, Khmer visitors can.
    await publishVersion(h, site, { kind: 'no_photography_statement', language: 'km', body: 'ហាមថតរូប' });
    await expect(caller.kiosk.documents({ language: 'en' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(caller.kiosk.documents({ language: 'km' })).resolves.toMatchObject({
      noPhotography: { language: 'km' },
      form: { language: 'en' },
    });
  });

  it('answers a language the site has no documents in with English, and refuses a malformed code', async () => {
    const { caller } = await kioskScene(h);
    const docs = await caller.kiosk.documents({ language: 'fr' });
    expect(
      [docs.form, docs.confidentialityPolicy, docs.disclosurePolicy, docs.noPhotography].map((d) => d.language),
    ).toEqual(['en', 'en', 'en', 'en']);
    await expect(caller.kiosk.documents({ language: 'fr-FR; drop' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('kiosk.status', () => {
  it('returns what the kiosk needs and nothing else', async () => {
    const { site, caller } = await kioskScene(h);
    const status = await caller.kiosk.status();
    expect(status).toEqual({
      deviceName: 'Test kiosk',
      siteName: site.name,
      categories: [
        'researcher',
        'donor',
        'sponsor',
        'volunteer',
        'student_placement',
        'professional_other_agency',
        'contractor',
        'other',
      ],
      idleTimeoutSeconds: 60,
      badgeFormat: 'label-62mm',
      signatureValidMonths: 0,
      badgeReturnSeconds: 20,
    });
  });

  it('hides the name of a concealed site', async () => {
    const { site, caller } = await kioskScene(h);
    await h.handle.sql`update site set concealed = true where id = ${site.id}`;
    const status = await caller.kiosk.status();
    expect(status.siteName).toBeNull();
    expect(JSON.stringify(status)).not.toContain(site.name);
  });

  it('offers the site’s configured categories in its order, with its timeout and badge format', async () => {
    const { site, caller } = await kioskScene(h);
    await h.handle.sql`
      update site set visitor_categories = '{contractor,volunteer,donor}', idle_timeout_seconds = 90,
                      badge_format = 'a6', signature_valid_months = 12
      where id = ${site.id}`;
    expect(await caller.kiosk.status()).toMatchObject({
      categories: ['contractor', 'volunteer', 'donor'],
      idleTimeoutSeconds: 90,
      badgeFormat: 'a6',
      signatureValidMonths: 12,
    });
  });
});
