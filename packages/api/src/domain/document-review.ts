import { type DbOrTx, type DocumentSummary, getSite, listDocumentSummaries } from '@threshold/db';
import { documentKinds } from '@threshold/validators';
import { DomainError } from './errors.ts';

/** The languages the kiosk speaks: each gets a row per kind even before anything is published in it. */
export const offeredLanguages = ['en', 'km'] as const;
const ENGLISH = 'en';

/** How many days ahead a review-by date counts as "due soon". */
export const DUE_SOON_DAYS = 30;

export type ReviewStatus = 'missing' | 'overdue' | 'due_soon' | 'current';

/** The calendar date (YYYY-MM-DD) it is at `now` in the given time zone; UTC if the zone is unknown. */
export function localDate(now: Date, timeZone: string): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
}

/** A date (YYYY-MM-DD) `days` calendar days after another. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Where a published version stands against its review-by date, on the site's calendar day `today`. */
export function reviewStatus(reviewBy: string | null, today: string): Exclude<ReviewStatus, 'missing'> {
  if (reviewBy === null) return 'current';
  if (reviewBy < today) return 'overdue';
  if (reviewBy <= addDays(today, DUE_SOON_DAYS)) return 'due_soon';
  return 'current';
}

/** The site's own calendar date now (review-by dates are kept in it). */
export async function siteToday(db: DbOrTx, params: { siteId: string; now: Date }) {
  const site = await getSite(db, { siteId: params.siteId });
  if (!site) throw new DomainError('NOT_FOUND', 'There is no such site.');
  return { site, today: localDate(params.now, site.timezone) };
}

function versionOf(row: DocumentSummary) {
  const { id, version, title, sha256, publishedAt, reviewBy } = row;
  return { id, version, title, sha256, publishedAt, reviewBy };
}

/**
 * Every form and policy at a site, in each offered language (and any other the site has published in): its
 * current version, where that stands against its review-by date, and the draft of the next version if any.
 */
export async function listSiteDocuments(db: DbOrTx, params: { siteId: string; now: Date }) {
  const { today } = await siteToday(db, params);
  const rows = await listDocumentSummaries(db, { siteId: params.siteId });
  const languages = [...new Set([...offeredLanguages, ...rows.map((r) => r.language)])];
  const slots = documentKinds.flatMap((kind) => languages.map((language) => ({ kind, language })));
  const documents = slots.map(({ kind, language }) => {
    const mine = rows.filter((r) => r.kind === kind && r.language === language);
    // Rows come in version order, so the last published one is current; a version dated ahead is not yet.
    const current = mine.filter((r) => r.publishedAt !== null && r.publishedAt <= params.now).at(-1) ?? null;
    const draft = mine.filter((r) => r.publishedAt === null).at(-1) ?? null;
    return {
      kind,
      language,
      current: current ? versionOf(current) : null,
      review: current ? reviewStatus(current.reviewBy, today) : ('missing' as const),
      draft: draft ? { id: draft.id, title: draft.title, reviewBy: draft.reviewBy, createdAt: draft.createdAt } : null,
    };
  });
  return {
    today,
    documents: documents.map((doc) => {
      const english = documents.find((d) => d.kind === doc.kind && d.language === ENGLISH)?.current;
      // A translation older than the English text may no longer say the same thing.
      const behindEnglish =
        doc.language !== ENGLISH &&
        doc.current !== null &&
        english?.publishedAt != null &&
        doc.current.publishedAt !== null &&
        doc.current.publishedAt < english.publishedAt;
      return { ...doc, behindEnglish };
    }),
  };
}

/** The current versions whose review-by date has passed, or falls within the next 30 days, at the site. */
export async function listDocumentsDueForReview(db: DbOrTx, params: { siteId: string; now: Date }) {
  const { today, documents } = await listSiteDocuments(db, params);
  const due = documents.flatMap((d) =>
    d.current && (d.review === 'overdue' || d.review === 'due_soon')
      ? [
          {
            kind: d.kind,
            language: d.language,
            version: d.current.version,
            reviewBy: d.current.reviewBy,
            review: d.review,
          },
        ]
      : [],
  );
  return { today, documents: due };
}
