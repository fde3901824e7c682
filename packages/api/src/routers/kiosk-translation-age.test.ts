import { afterAll, describe, expect, it } from 'vitest';
import { publishVersion } from '../test-support/documents.ts';
import { createHarness, kioskScene } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

const MINUTE = 60_000;

describe('kiosk.documents: a translation older than the English text', () => {
  it('is marked, document by document, until the translation is published again', async () => {
    const { site, caller } = await kioskScene(h);
    const before = await caller.kiosk.documents({ language: 'km' });
    expect(before.form).toMatchObject({ language: 'km', englishIsNewer: false });

    await publishVersion(h, site, { kind: 'visitor_confidentiality_form', language: 'en', body: 'Revised English' });
    const stale = await caller.kiosk.documents({ language: 'km' });
    expect(stale.form).toMatchObject({ language: 'km', id: before.form.id, englishIsNewer: true });
    expect(stale.confidentialityPolicy.englishIsNewer).toBe(false);
    // English is the reference: it is never older than itself.
    expect((await caller.kiosk.documents({ language: 'en' })).form).toMatchObject({
      body: 'Revised English',
      englishIsNewer: false,
    });

    await publishVersion(h, site, { kind: 'visitor_confidentiality_form', language: 'km', body: 'បកប្រែថ្មី' });
    expect((await caller.kiosk.documents({ language: 'km' })).form).toMatchObject({
      body: 'បកប្រែថ្មី',
      englishIsNewer: false,
    });
  });

  it('is judged by what is published now: an English version dated in the future does not count yet', async () => {
    const { site, caller } = await kioskScene(h);
    await publishVersion(h, site, {
      kind: 'disclosure_policy',
      language: 'en',
      body: 'Next month',
      publishedAt: new Date(Date.now() + 30 * 24 * 60 * MINUTE),
    });
    expect((await caller.kiosk.documents({ language: 'km' })).disclosurePolicy.englishIsNewer).toBe(false);
  });

  it('is not affected by another site’s English', async () => {
    const a = await kioskScene(h);
    const b = await kioskScene(h);
    await publishVersion(h, b.site, { kind: 'no_photography_statement', language: 'en', body: 'B revised' });
    expect((await a.caller.kiosk.documents({ language: 'km' })).noPhotography.englishIsNewer).toBe(false);
    expect((await b.caller.kiosk.documents({ language: 'km' })).noPhotography.englishIsNewer).toBe(true);
  });
});
