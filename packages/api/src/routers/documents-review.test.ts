import { insertDocumentVersion } from '@threshold/db';
import { createTestOrganisation } from '@threshold/db/testing';
import type { DocumentKind } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../test-support/documents.ts';
import { member, refused } from '../test-support/escort-harness.ts';
import { createHarness, errorOf, httpCall, kioskScene, testPasswordHash } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());
beforeAll(() => testPasswordHash());

type Site = { id: string; organisationId: string };

/** A version written straight into the table, with the review-by date the test needs. */
async function version(site: Site, kind: DocumentKind, reviewBy: string | null, published = true) {
  await insertDocumentVersion(h.db, {
    organisationId: site.organisationId,
    siteId: site.id,
    kind,
    language: 'en',
    title: kind,
    body: `${kind} ${reviewBy}`,
    sha256: sha256(`${kind} ${reviewBy}`),
    publishedAt: published ? new Date(Date.now() - 60_000) : null,
    reviewBy,
    createdByStaffId: null,
  });
}

async function siteIn(timezone: string) {
  const { site } = await createTestOrganisation(h.db, `Review ${timezone}`);
  await h.handle.sql`update site set timezone = ${timezone} where id = ${site.id}`;
  await version(site, 'confidentiality_policy', '2031-06-30');
  await version(site, 'disclosure_policy', '2031-07-31');
  // Only the current version counts: an old one past its date, superseded, does not.
  await version(site, 'no_photography_statement', '2031-01-01');
  await version(site, 'no_photography_statement', '2032-06-01');
  // Nor does a draft.
  await version(site, 'visitor_confidentiality_form', '2031-06-01', false);
  await version(site, 'staff_policy', null);
  return { site, coordinator: await member(h, site, ['coordinator'], 'Cora Coordinator') };
}

// 20:00 UTC on 30 June 2031 is already 1 July in Phnom Penh (UTC+7), still 30 June in Los Angeles (UTC−7).
const NOW = new Date('2031-06-30T20:00:00Z');

describe('documents.overdue', () => {
  it('flags overdue and due-soon versions by the site’s own calendar date', async () => {
    const phnomPenh = await siteIn('Asia/Phnom_Penh');
    const losAngeles = await siteIn('America/Los_Angeles');

    expect(await phnomPenh.coordinator.as(NOW).documents.overdue({ siteId: phnomPenh.site.id })).toEqual({
      today: '2031-07-01',
      documents: [
        { kind: 'confidentiality_policy', language: 'en', version: 1, reviewBy: '2031-06-30', review: 'overdue' },
        { kind: 'disclosure_policy', language: 'en', version: 1, reviewBy: '2031-07-31', review: 'due_soon' },
      ],
    });
    expect(await losAngeles.coordinator.as(NOW).documents.overdue({ siteId: losAngeles.site.id })).toEqual({
      today: '2031-06-30',
      documents: [
        { kind: 'confidentiality_policy', language: 'en', version: 1, reviewBy: '2031-06-30', review: 'due_soon' },
      ],
    });
  });

  it('lists every kind and language with its standing, the draft, and what is missing', async () => {
    const { site, coordinator } = await siteIn('Asia/Phnom_Penh');
    const { today, documents } = await coordinator.as(NOW).documents.list({ siteId: site.id });
    expect(today).toBe('2031-07-01');
    const standing = Object.fromEntries(
      documents.map((d) => [`${d.kind}/${d.language}`, [d.review, d.current?.version ?? null, d.draft !== null]]),
    );
    expect(standing).toEqual({
      'visitor_confidentiality_form/en': ['missing', null, true],
      'visitor_confidentiality_form/km': ['missing', null, false],
      'confidentiality_policy/en': ['overdue', 1, false],
      'confidentiality_policy/km': ['missing', null, false],
      'disclosure_policy/en': ['due_soon', 1, false],
      'disclosure_policy/km': ['missing', null, false],
      'no_photography_statement/en': ['current', 2, false],
      'no_photography_statement/km': ['missing', null, false],
      'staff_policy/en': ['current', 1, false],
      'staff_policy/km': ['missing', null, false],
    });
  });
});

describe('documents.list', () => {
  it('marks a translation older than the English text', async () => {
    const scene = await kioskScene(h);
    const admin = await member(h, scene.site, ['admin'], 'Ada Admin');
    const before = await admin.as().documents.list({ siteId: scene.site.id });
    expect(before.documents.every((d) => d.review === 'current' && !d.behindEnglish && d.draft === null)).toBe(true);
    expect(before.documents).toHaveLength(10);

    const reviewBy = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    const draft = await admin.as().documents.saveDraft({
      siteId: scene.site.id,
      kind: 'disclosure_policy',
      language: 'en',
      title: 'Policy on Disclosure of Information',
      body: 'Revised policy.',
      reviewBy,
    });
    const drafted = await admin.as().documents.list({ siteId: scene.site.id });
    const disclosure = drafted.documents.find((d) => d.kind === 'disclosure_policy' && d.language === 'en');
    expect(disclosure?.draft).toMatchObject({
      id: draft.documentId,
      reviewBy,
      title: 'Policy on Disclosure of Information',
    });
    expect(disclosure?.current?.version).toBe(1);

    await admin.as().documents.publish({ siteId: scene.site.id, ...draft });
    const after = await admin.as().documents.list({ siteId: scene.site.id });
    const behind = after.documents.filter((d) => d.behindEnglish).map((d) => `${d.kind}/${d.language}`);
    expect(behind).toEqual(['disclosure_policy/km']);
  });
});

describe('review-by dates when writing', () => {
  // 12:00 UTC on 10 March 2031 is already 11 March on Kiritimati (UTC+14), still 10 March in Pago Pago (UTC−11).
  const MARCH = new Date('2031-03-10T12:00:00Z');
  const draft = (siteId: string, reviewBy: string) => ({
    siteId,
    kind: 'disclosure_policy' as const,
    language: 'km',
    title: 'គោលការណ៍',
    body: 'អត្ថបទ',
    reviewBy,
  });
  async function adminIn(timezone: string) {
    const { site } = await createTestOrganisation(h.db, `Writing ${timezone}`);
    await h.handle.sql`update site set timezone = ${timezone} where id = ${site.id}`;
    return { site, admin: await member(h, site, ['admin'], 'Ada Admin') };
  }

  it('must lie after today on the site’s calendar, and within five years', async () => {
    const kiritimati = await adminIn('Pacific/Kiritimati');
    const pagoPago = await adminIn('Pacific/Pago_Pago');
    await refused(
      kiritimati.admin.as(MARCH).documents.saveDraft(draft(kiritimati.site.id, '2031-03-11')),
      'BAD_REQUEST',
      'Choose a review-by date after today (2031-03-11) to save the draft',
    );
    await expect(
      pagoPago.admin.as(MARCH).documents.saveDraft(draft(pagoPago.site.id, '2031-03-11')),
    ).resolves.toMatchObject({ sha256: sha256('អត្ថបទ') });
    await refused(
      pagoPago.admin.as(MARCH).documents.saveDraft(draft(pagoPago.site.id, '2036-04-01')),
      'BAD_REQUEST',
      'Choose a review-by date within 5 years',
    );
  });

  it('must still lie ahead when the draft is published', async () => {
    const { site, admin } = await adminIn('Europe/London');
    const saved = await admin.as(MARCH).documents.saveDraft(draft(site.id, '2031-04-01'));
    await refused(
      admin.as(new Date('2031-04-01T09:00:00Z')).documents.publish({ siteId: site.id, ...saved }),
      'BAD_REQUEST',
      'Choose a review-by date after today (2031-04-01) in the draft, then publish',
    );
    await expect(admin.as(MARCH).documents.publish({ siteId: site.id, ...saved })).resolves.toMatchObject({
      version: 1,
    });
  });

  it('answers malformed input with an error per field', async () => {
    const { site, admin } = await adminIn('Europe/London');
    const res = await httpCall(
      h,
      { cookie: admin.cookie },
      {
        path: 'documents.saveDraft',
        type: 'mutation',
        input: { ...draft(site.id, 'next week'), title: '  ', body: ' \n ', kind: 'menu' },
      },
    );
    expect(res.status).toBe(400);
    expect(errorOf(res).data.fieldErrors).toMatchObject([
      { path: 'kind', message: expect.any(String) },
      { path: 'title', message: 'Give the document a title' },
      { path: 'body', message: 'Write the text of the document' },
      { path: 'reviewBy', message: 'Enter the review-by date as YYYY-MM-DD' },
    ]);
  });
});

describe('who may read', () => {
  it('lets admins and coordinators of the site read, and no one else', async () => {
    const scene = await kioskScene(h);
    const slot = { siteId: scene.site.id, kind: 'staff_policy' as const, language: 'en' };
    for (const roles of [['admin'], ['coordinator']] as const) {
      const reader = await member(h, scene.site, [...roles]);
      await expect(reader.as().documents.list({ siteId: scene.site.id })).resolves.toMatchObject({
        today: expect.any(String),
      });
      await expect(reader.as().documents.overdue({ siteId: scene.site.id })).resolves.toMatchObject({ documents: [] });
      await expect(reader.as().documents.versions(slot)).resolves.toHaveLength(1);
    }
    const elsewhere = await kioskScene(h);
    const outsiders = [
      await member(h, scene.site, ['reception']),
      await member(h, scene.site, ['escort']),
      await member(h, elsewhere.site, ['coordinator', 'admin']),
    ];
    for (const who of outsiders) {
      await refused(who.as().documents.list({ siteId: scene.site.id }), 'FORBIDDEN');
      await refused(who.as().documents.overdue({ siteId: scene.site.id }), 'FORBIDDEN');
      await refused(who.as().documents.versions(slot), 'FORBIDDEN');
    }
    await refused(scene.caller.documents.list({ siteId: scene.site.id }), 'UNAUTHORIZED');
  });
});
