import {
  type CurrentDocument,
  type DbOrTx,
  insertDocumentVersion,
  listCurrentDocuments,
  listPublishedVersions,
  type PublishedVersion,
} from '@threshold/db';
import type { DocumentKind, DocumentRef, KioskLanguage } from '@threshold/validators';
import { signInCache } from '../cache/sign-in-cache.ts';
import { englishDefaults } from '../documents/defaults/en.ts';
import { khmerDefaults } from '../documents/defaults/km.ts';
import type { DefaultDocument } from '../documents/defaults/types.ts';
import { DomainError } from './errors.ts';
import { sha256Hex } from './secrets.ts';

/** The documents a visitor reads on the kiosk, by the slot they fill in the journey. */
export const journeyKinds = {
  form: 'visitor_confidentiality_form',
  confidentialityPolicy: 'confidentiality_policy',
  disclosurePolicy: 'disclosure_policy',
  noPhotography: 'no_photography_statement',
} as const satisfies Record<string, DocumentKind>;
export type JourneySlot = keyof typeof journeyKinds;

export type JourneyDocuments = Record<JourneySlot, CurrentDocument>;

const FALLBACK_LANGUAGE = 'en';

/**
 * The published version of each journey document current now (or at `at`) in the visitor's language, falling back to English
 * where a site has not published that language. Null when the site lacks any of them (the kiosk cannot run).
 */
export async function currentJourneyDocuments(
  db: DbOrTx,
  params: { siteId: string; language: KioskLanguage; at?: Date },
): Promise<JourneyDocuments | null> {
  const rows = await listCurrentDocuments(db, {
    siteId: params.siteId,
    kinds: Object.values(journeyKinds),
    languages: [params.language, FALLBACK_LANGUAGE],
    ...(params.at ? { at: params.at } : {}),
  });
  const pick = (kind: string) =>
    rows.find((r) => r.kind === kind && r.language === params.language) ??
    rows.find((r) => r.kind === kind && r.language === FALLBACK_LANGUAGE);
  const form = pick(journeyKinds.form);
  const confidentialityPolicy = pick(journeyKinds.confidentialityPolicy);
  const disclosurePolicy = pick(journeyKinds.disclosurePolicy);
  const noPhotography = pick(journeyKinds.noPhotography);
  if (!form || !confidentialityPolicy || !disclosurePolicy || !noPhotography) return null;
  return { form, confidentialityPolicy, disclosurePolicy, noPhotography };
}

/**
 * Checks that each document the visitor was shown was the current version for its slot when they signed (`at`), or
 * is now, and that its text is exactly the text we hold (same SHA-256). A version published mid-journey must be read
 * and signed afresh; a journey the tablet kept through an outage is judged by the versions of its own time.
 */
export async function verifyJourneyDocuments(
  db: DbOrTx,
  params: { siteId: string; language: KioskLanguage; shown: Record<JourneySlot, DocumentRef>; at: Date; now: Date },
): Promise<Record<JourneySlot, { id: string; sha256: string }>> {
  const { siteId, language, shown } = params;
  // The process's copy accepts what it can; anything it would refuse (it may not have heard of a version published
  // a moment ago) is judged against the database, so the copy never refuses a sign-in the database would accept.
  const kinds = Object.values(journeyKinds);
  const versions = await signInCache.journeyVersions(siteId, () => listPublishedVersions(db, { siteId, kinds }));
  if (versions) {
    const then = versionsAt(versions, language, params.at);
    if (then && matches(then, shown)) return then;
    const current = versionsAt(versions, language, params.now);
    if (current && matches(current, shown)) return current;
  }
  const then = await currentJourneyDocuments(db, { siteId, language, at: params.at });
  if (then && matches(then, shown)) return then;
  const current = await currentJourneyDocuments(db, { siteId, language });
  if (!current) throw new DomainError('CONFLICT', 'This kiosk has no published visitor form. Please ask at reception.');
  if (!matches(current, shown)) {
    throw new DomainError('CONFLICT', 'A document was updated while you were signing in. Please read it again.');
  }
  return current;
}

/** As currentJourneyDocuments, from a list of published versions (newest version first). */
function versionsAt(
  versions: PublishedVersion[],
  language: KioskLanguage,
  at: Date,
): Record<JourneySlot, PublishedVersion> | null {
  const pick = (kind: string) => {
    const newest = (lang: string) =>
      versions.find((v) => v.kind === kind && v.language === lang && v.publishedAt <= at);
    return newest(language) ?? newest(FALLBACK_LANGUAGE);
  };
  const form = pick(journeyKinds.form);
  const confidentialityPolicy = pick(journeyKinds.confidentialityPolicy);
  const disclosurePolicy = pick(journeyKinds.disclosurePolicy);
  const noPhotography = pick(journeyKinds.noPhotography);
  if (!form || !confidentialityPolicy || !disclosurePolicy || !noPhotography) return null;
  return { form, confidentialityPolicy, disclosurePolicy, noPhotography };
}

function matches(
  documents: Record<JourneySlot, { id: string; sha256: string }>,
  shown: Record<JourneySlot, DocumentRef>,
): boolean {
  return (Object.keys(journeyKinds) as JourneySlot[]).every(
    (slot) => shown[slot].documentId === documents[slot].id && shown[slot].documentSha256 === documents[slot].sha256,
  );
}

/** Publishes Threshold's default wording (English and Khmer) as version 1 at a new site; returns what it wrote. */
export async function publishDefaultDocuments(
  db: DbOrTx,
  params: { organisationId: string; siteId: string; now: Date },
): Promise<{ id: string; kind: DocumentKind; language: string }[]> {
  const published: { id: string; kind: DocumentKind; language: string }[] = [];
  const sets: [string, DefaultDocument[]][] = [
    ['en', englishDefaults],
    ['km', khmerDefaults],
  ];
  for (const [language, docs] of sets) {
    for (const doc of docs) {
      const { id } = await insertDocumentVersion(db, {
        organisationId: params.organisationId,
        siteId: params.siteId,
        kind: doc.kind,
        language,
        title: doc.title,
        body: doc.body,
        sha256: sha256Hex(doc.body),
        publishedAt: params.now,
        reviewBy: oneYearAfter(params.now),
        createdByStaffId: null,
      });
      published.push({ id, kind: doc.kind, language });
    }
  }
  return published;
}

function oneYearAfter(date: Date): string {
  const next = new Date(date);
  next.setUTCFullYear(next.getUTCFullYear() + 1);
  return next.toISOString().slice(0, 10);
}
