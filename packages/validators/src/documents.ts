import { z } from 'zod';
import { isoDay } from './dates.ts';
import { documentKind, kioskLanguage } from './enums.ts';
import { siteId } from './scope.ts';
import { text } from './text.ts';

const documentId = z.uuid({ error: 'Choose a document' });

/** One form or policy at a site: its kind in one language. */
export const documentSlotInput = z.object({ siteId, kind: documentKind, language: kioskLanguage });

export const saveDocumentDraftInput = documentSlotInput.extend({
  /** The draft being edited; absent when starting the next version. */
  draftId: documentId.optional(),
  title: text({ error: 'Give the document a title', trim: true })
    .min(1, { error: 'Give the document a title' })
    .max(200, { error: 'The title must be 200 characters or fewer' }),
  // Kept exactly as typed: the published hash is of these very characters.
  body: text({ error: 'Write the text of the document', multiline: true })
    .max(100_000, { error: 'The text must be 100,000 characters or fewer' })
    .refine((s) => s.trim().length > 0, { error: 'Write the text of the document' }),
  reviewBy: isoDay('Enter the review-by date as YYYY-MM-DD'),
});
export type SaveDocumentDraftInput = z.infer<typeof saveDocumentDraftInput>;

/** Publishes a draft; `sha256` is the hash of the text the admin previewed, so only that exact text goes out. */
export const publishDocumentInput = z.object({
  siteId,
  documentId,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'Preview the draft again before publishing' }),
});

export const discardDocumentDraftInput = z.object({ siteId, documentId });
