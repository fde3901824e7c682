import { z } from 'zod';
import { isoDay } from './dates.ts';
import { siteId } from './scope.ts';
import { text } from './text.ts';

const visitId = z.uuid({ error: 'Choose a visit' });

export const holdReasons = [
  'safeguarding_concern',
  'child_protection_concern',
  'injury_on_site',
  'legal_request',
  'other',
] as const;
export const holdReason = z.enum(holdReasons, { error: 'Choose why the visit is held' });
export type HoldReason = z.infer<typeof holdReason>;

export const concernCategories = [
  'disclosure_by_child',
  'visitor_behaviour',
  'injury',
  'unauthorised_photography',
  'other',
] as const;
export const concernCategory = z.enum(concernCategories, { error: 'Choose what the concern is about' });
export type ConcernCategory = z.infer<typeof concernCategory>;

/** The hold a concern places on its visit: disclosures are child protection, injuries are kept as injuries. */
export const holdReasonOfConcern: Record<ConcernCategory, HoldReason> = {
  disclosure_by_child: 'child_protection_concern',
  visitor_behaviour: 'safeguarding_concern',
  injury: 'injury_on_site',
  unauthorised_photography: 'safeguarding_concern',
  other: 'safeguarding_concern',
};

/** Who raised a concern: the visit's escort on their phone, or staff at the desk. */
export const concernRaisedVia = z.enum(['escort', 'desk']);
export type ConcernRaisedVia = z.infer<typeof concernRaisedVia>;

const note = (error: string) =>
  text({ error, multiline: true, trim: true }).max(4000, { error: 'The note can be at most 4,000 characters' });

export const placeHoldInput = z
  .object({
    siteId,
    visitId,
    reason: holdReason,
    note: note('Add a note').default(''),
    reviewBy: isoDay('Choose a review date'),
  })
  .refine((v) => v.reason !== 'other' || v.note.length >= 3, {
    path: ['note'],
    error: 'Say why the visit is held (a note is required when the reason is "other")',
  });

export const releaseHoldInput = z.object({
  siteId,
  holdId: z.uuid({ error: 'Choose a hold' }),
  reason: note('Say why the hold is released').min(3, {
    error: 'Say why the hold is released (at least a few words)',
  }),
});

export const raiseConcernInput = z.object({
  siteId,
  visitId,
  category: concernCategory,
  note: note('Describe the concern').min(3, { error: 'Describe the concern (at least a few words)' }),
});

export const closeConcernInput = z.object({
  siteId,
  concernId: z.uuid({ error: 'Choose a concern' }),
  note: note('Say what was done').min(3, { error: 'Say what was done (at least a few words)' }),
});

export const listConcernsInput = z.object({ siteId, status: z.enum(['open', 'all']).default('open') });
export const visitHoldInput = z.object({ siteId, visitId });
