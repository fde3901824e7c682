import {
  type Db,
  deleteDraft,
  findDraft,
  insertDocumentVersion,
  isPgError,
  lockDocument,
  publishDraft,
  updateDraft,
} from '@threshold/db';
import { type DocumentKind, documentKind, type SaveDocumentDraftInput } from '@threshold/validators';
import { writeAudit } from './audit.ts';
import { addDays, siteToday } from './document-review.ts';
import { DomainError } from './errors.ts';
import { sha256Hex } from './secrets.ts';

// Admins write the next version of a form or policy as a draft, then publish it. A published version is
// evidence of what people agreed to: it is never edited or deleted (the database refuses it too).

const MAX_REVIEW_YEARS = 5;

interface Editor {
  siteId: string;
  staffId: string;
  now: Date;
}

const UNIQUE_VIOLATION = '23505';

function publishedForever(version: number): DomainError {
  return new DomainError(
    'CONFLICT',
    `Version ${version} is published and can never be changed. Start a new draft to change the text.`,
  );
}

/** A review-by date must lie ahead on the site's calendar (and not absurdly far: a typo such as 2205). */
function checkReviewBy(reviewBy: string | null, today: string, action: string): string {
  if (reviewBy === null || reviewBy <= today) {
    throw new DomainError('BAD_REQUEST', {
      field: 'reviewBy',
      key: 'reviewBy.past',
      message: `Choose a review-by date after today (${today}) ${action}`,
      params: { today },
    });
  }
  if (reviewBy > addDays(today, MAX_REVIEW_YEARS * 366)) {
    throw new DomainError('BAD_REQUEST', {
      field: 'reviewBy',
      key: 'reviewBy.tooFar',
      message: `Choose a review-by date within ${MAX_REVIEW_YEARS} years`,
      params: { years: MAX_REVIEW_YEARS },
    });
  }
  return reviewBy;
}

/** Runs `work`, turning a clash on the version index (two admins at the same moment) into a CONFLICT. */
async function onlyOnce<T>(work: () => Promise<T>, message: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isPgError(err, UNIQUE_VIOLATION)) throw new DomainError('CONFLICT', message);
    throw err;
  }
}

/** Starts the draft of the next version of a document, or edits the draft `draftId`. One draft per document. */
export async function saveDocumentDraft(
  db: Db,
  params: Editor & Omit<SaveDocumentDraftInput, 'siteId'>,
): Promise<{ documentId: string; sha256: string }> {
  const { site, today } = await siteToday(db, params);
  const reviewBy = checkReviewBy(params.reviewBy, today, 'to save the draft');
  const sha256 = sha256Hex(params.body);
  const text = { title: params.title, body: params.body, sha256, reviewBy };
  const slot = { siteId: params.siteId, kind: params.kind, language: params.language };
  return onlyOnce(
    () =>
      db.transaction(async (tx) => {
        let documentId: string;
        if (params.draftId) {
          const draft = await lockDocument(tx, { siteId: params.siteId, documentId: params.draftId });
          if (!draft)
            throw new DomainError('NOT_FOUND', 'There is no such draft at this site. It may have been discarded.');
          if (draft.publishedAt) throw publishedForever(draft.version);
          if (draft.kind !== params.kind || draft.language !== params.language) {
            throw new DomainError('BAD_REQUEST', {
              field: 'draftId',
              key: 'draftId.otherDocument',
              message: 'That draft belongs to another document',
            });
          }
          await updateDraft(tx, { documentId: draft.id, ...text });
          documentId = draft.id;
        } else {
          if (await findDraft(tx, slot)) {
            throw new DomainError('CONFLICT', 'This document already has a draft. Open it to carry on editing.');
          }
          ({ id: documentId } = await insertDocumentVersion(tx, {
            ...slot,
            ...text,
            organisationId: site.organisationId,
            publishedAt: null,
            createdByStaffId: params.staffId,
          }));
        }
        await writeAudit(
          tx,
          { type: 'staff', id: params.staffId },
          { organisationId: site.organisationId, siteId: params.siteId },
          {
            type: 'document.draft_saved',
            data: { documentId, kind: params.kind, language: params.language, started: !params.draftId },
          },
        );
        return { documentId, sha256 };
      }),
    'Someone else started a draft of this document at the same moment. Reload the page to see it.',
  );
}

/**
 * Publishes a draft as the next version: its SHA-256 is taken of the exact text stored, and must be the hash of
 * the text the admin previewed. From then on kiosks show it, and a sign-in with an older hash is refused.
 */
export async function publishDocument(
  db: Db,
  params: Editor & { documentId: string; sha256: string },
): Promise<{ documentId: string; kind: DocumentKind; language: string; version: number; sha256: string }> {
  const { site, today } = await siteToday(db, params);
  return onlyOnce(
    () =>
      db.transaction(async (tx) => {
        const draft = await lockDocument(tx, { siteId: params.siteId, documentId: params.documentId });
        if (!draft)
          throw new DomainError('NOT_FOUND', 'There is no such draft at this site. It may have been discarded.');
        if (draft.publishedAt) throw publishedForever(draft.version);
        const sha256 = sha256Hex(draft.body);
        if (sha256 !== params.sha256) {
          throw new DomainError(
            'CONFLICT',
            'The draft has changed since you previewed it. Check the preview again, then publish.',
          );
        }
        checkReviewBy(draft.reviewBy, today, 'in the draft, then publish');
        const published = await publishDraft(tx, { documentId: draft.id, sha256, publishedAt: params.now });
        if (!published) throw publishedForever(draft.version);
        const kind = documentKind.parse(draft.kind);
        await writeAudit(
          tx,
          { type: 'staff', id: params.staffId },
          { organisationId: site.organisationId, siteId: params.siteId },
          {
            type: 'document.published',
            data: { documentId: draft.id, kind, language: draft.language, version: published.version },
          },
        );
        return { documentId: draft.id, kind, language: draft.language, version: published.version, sha256 };
      }),
    'Another version of this document was published at the same moment. Reload the page to see it.',
  );
}

/** Deletes a draft that is no longer wanted. Published versions stay for ever. */
export async function discardDocumentDraft(
  db: Db,
  params: Omit<Editor, 'now'> & { documentId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const draft = await lockDocument(tx, { siteId: params.siteId, documentId: params.documentId });
    if (!draft) throw new DomainError('NOT_FOUND', 'There is no such draft at this site. It may have been discarded.');
    if (draft.publishedAt) throw publishedForever(draft.version);
    await deleteDraft(tx, { documentId: draft.id });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: draft.organisationId, siteId: params.siteId },
      {
        type: 'document.draft_discarded',
        data: { documentId: draft.id, kind: documentKind.parse(draft.kind), language: draft.language },
      },
    );
  });
}
