import { listDocumentVersions } from '@threshold/db';
import {
  actionRoles,
  discardDocumentDraftInput,
  documentSlotInput,
  publishDocumentInput,
  saveDocumentDraftInput,
  sectionRoles,
} from '@threshold/validators';
import { listDocumentsDueForReview, listSiteDocuments } from '../domain/document-review.ts';
import { discardDocumentDraft, publishDocument, saveDocumentDraft } from '../domain/document-versions.ts';
import { router, staffProcedure } from '../trpc.ts';

// Admins write and publish; coordinators answer for the policies being current, so they may read them too.
const admin = staffProcedure(...actionRoles.editDocuments);
const reader = staffProcedure(...sectionRoles.documents);

export const documentsRouter = router({
  /** Each form and policy in each language: current version, review-by standing, and any draft. */
  list: reader.query(({ ctx }) => listSiteDocuments(ctx.db, { siteId: ctx.siteId, now: ctx.now() })),

  /** Current versions whose review-by date has passed or is within 30 days (the dashboard's warning). */
  overdue: reader.query(({ ctx }) => listDocumentsDueForReview(ctx.db, { siteId: ctx.siteId, now: ctx.now() })),

  /** Every version of one document, newest first, with its text and SHA-256 (the draft too, if any). */
  versions: reader
    .input(documentSlotInput)
    .query(({ ctx, input }) =>
      listDocumentVersions(ctx.db, { siteId: ctx.siteId, kind: input.kind, language: input.language }),
    ),

  /** Starts the draft of the next version, or edits the draft named by `draftId`. */
  saveDraft: admin
    .input(saveDocumentDraftInput)
    .mutation(({ ctx, input }) =>
      saveDocumentDraft(ctx.db, { ...input, siteId: ctx.siteId, staffId: ctx.staff.id, now: ctx.now() }),
    ),

  publish: admin.input(publishDocumentInput).mutation(({ ctx, input }) =>
    publishDocument(ctx.db, {
      siteId: ctx.siteId,
      documentId: input.documentId,
      sha256: input.sha256,
      staffId: ctx.staff.id,
      now: ctx.now(),
    }),
  ),

  discardDraft: admin.input(discardDocumentDraftInput).mutation(({ ctx, input }) =>
    discardDocumentDraft(ctx.db, {
      siteId: ctx.siteId,
      documentId: input.documentId,
      staffId: ctx.staff.id,
    }),
  ),
});
