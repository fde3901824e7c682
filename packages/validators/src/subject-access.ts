import { z } from 'zod';
import { siteId } from './scope.ts';
import { text } from './text.ts';

// Subject access and erasure: a coordinator finds what is held about one person, exports it, or erases it.

/** The most visits one search lists; a person with more is narrowed by a fuller name or their email. */
export const SUBJECT_SEARCH_LIMIT = 200;

const term = (max: number) => text({ trim: true }).pipe(z.string().max(max, `At most ${max} characters`));

export const subjectSearchInput = z
  .object({ siteId, name: term(200).optional(), email: term(320).optional() })
  .superRefine((v, ctx) => {
    if (!v.name && !v.email) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Enter the person’s name or their email address' });
    }
  });

const chosenVisits = z
  .array(z.uuid({ error: 'A chosen visit is not a visit' }), { error: 'Tick the visits that are this person’s' })
  .min(1, 'Tick the visits that are this person’s')
  .max(SUBJECT_SEARCH_LIMIT, `Choose at most ${SUBJECT_SEARCH_LIMIT} visits`);

// Reasons are codes, never free text, so the audit rows that keep them can hold no personal data.
export const subjectExportReasons = ['subject_access_request', 'legal_request', 'safeguarding_review'] as const;
export const subjectExportReason = z.enum(subjectExportReasons, { error: 'Choose why you are exporting' });
export type SubjectExportReason = z.infer<typeof subjectExportReason>;
export const subjectExportReasonLabels: Record<SubjectExportReason, string> = {
  subject_access_request: 'The person asked for a copy (subject access request)',
  legal_request: 'A legal request',
  safeguarding_review: 'A safeguarding review',
};

export const subjectErasureReasons = ['erasure_request', 'recorded_in_error', 'legal_request'] as const;
export const subjectErasureReason = z.enum(subjectErasureReasons, { error: 'Choose why you are erasing' });
export type SubjectErasureReason = z.infer<typeof subjectErasureReason>;
export const subjectErasureReasonLabels: Record<SubjectErasureReason, string> = {
  erasure_request: 'The person asked for their records to be erased',
  recorded_in_error: 'Recorded in error',
  legal_request: 'A legal request',
};

export const subjectExportFormats = ['json', 'pdf'] as const;
export const subjectExportInput = z.object({
  siteId,
  visitIds: chosenVisits,
  format: z.enum(subjectExportFormats, { error: 'Choose JSON or PDF' }),
  reason: subjectExportReason,
});

export const subjectEraseInput = z.object({ siteId, visitIds: chosenVisits, reason: subjectErasureReason });
