import { createHash } from 'node:crypto';
import { insertDocumentVersion } from '@threshold/db';
import type { DocumentKind, DocumentRef, KioskLanguage } from '@threshold/validators';
import { englishDefaults } from '../documents/defaults/en.ts';
import { type JourneySlot, publishDefaultDocuments } from '../domain/documents.ts';
import type { Harness } from './harness.ts';

// Publishing and referring to the documents a kiosk shows.

/** The journey documents a kiosk shows, as the refs a sign-in sends back. */
export type JourneyRefs = Record<JourneySlot, DocumentRef>;

/** Picks the `{ documentId, documentSha256 }` refs out of what `kiosk.documents` returns. */
export function refsOf(docs: Record<JourneySlot, { id: string; sha256: string }>): JourneyRefs {
  const ref = (d: { id: string; sha256: string }) => ({ documentId: d.id, documentSha256: d.sha256 });
  return {
    form: ref(docs.form),
    confidentialityPolicy: ref(docs.confidentialityPolicy),
    disclosurePolicy: ref(docs.disclosurePolicy),
    noPhotography: ref(docs.noPhotography),
  };
}

/**
 * Publishes version 1 of the default documents at the site. Dated a minute back: the kiosk shows only versions
 * whose `published_at` the database clock has reached.
 */
export async function publishDocumentsAt(h: Harness, site: { id: string; organisationId: string }) {
  await publishDefaultDocuments(h.db, {
    organisationId: site.organisationId,
    siteId: site.id,
    now: new Date(Date.now() - 60_000),
  });
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Writes the next version of one document at the site, as the admin app will: hashed here, independently of the
 * code under test. `publishedAt` defaults to a second ago; pass null for a draft or a future date.
 */
export async function publishVersion(
  h: Harness,
  site: { id: string; organisationId: string },
  doc: { kind: DocumentKind; language: KioskLanguage; body: string; title?: string; publishedAt?: Date | null },
) {
  const { id, version } = await insertDocumentVersion(h.db, {
    organisationId: site.organisationId,
    siteId: site.id,
    kind: doc.kind,
    language: doc.language,
    title: doc.title ?? `${doc.kind} (${doc.language})`,
    body: doc.body,
    sha256: sha256(doc.body),
    publishedAt: doc.publishedAt === undefined ? new Date(Date.now() - 1000) : doc.publishedAt,
    reviewBy: null,
    createdByStaffId: null,
  });
  return { id, version, sha256: sha256(doc.body) };
}

/**
 * Publishes only the English default wording (version 1, through the same query the admin app will use), for
 * tests that need a language with no documents of its own.
 */
export async function publishEnglishOnlyAt(h: Harness, site: { id: string; organisationId: string }) {
  for (const doc of englishDefaults) {
    await publishVersion(h, site, { kind: doc.kind, language: 'en', title: doc.title, body: doc.body });
  }
}
