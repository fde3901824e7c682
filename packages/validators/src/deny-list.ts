import { z } from 'zod';
import { isoDay } from './dates.ts';
import { siteId } from './scope.ts';
import { text } from './text.ts';

const name = (error: string) =>
  text({ error, trim: true })
    .min(2, { error: `${error} (at least 2 letters)` })
    .max(200, { error: 'A name can be at most 200 characters' })
    .refine((s) => /[\p{L}\p{N}]/u.test(s), { error: `${error}: it needs letters` });

const note = (error: string) =>
  text({ error, multiline: true, trim: true })
    .min(3, { error: `${error} (at least a few words)` })
    .max(4000, { error: 'The note can be at most 4,000 characters' });

export const denyEntryFields = z.object({
  fullName: name('Type the person’s full name'),
  aliases: z.array(name('Type the other name')).max(20, { error: 'At most 20 other names per entry' }).default([]),
  dateOfBirth: isoDay('Type the date of birth as a date').nullable().default(null),
  reason: note('Say why this person must not be let in'),
  reviewBy: isoDay('Choose a review date'),
});

export const addDenyEntryInput = denyEntryFields.extend({ siteId });
export const editDenyEntryInput = denyEntryFields.extend({
  siteId,
  entryId: z.uuid({ error: 'Choose an entry' }),
  change: note('Say why the entry is changed'),
});
export const removeDenyEntryInput = z.object({
  siteId,
  entryId: z.uuid({ error: 'Choose an entry' }),
  reason: note('Say why the entry is removed'),
});
export const listDenyEntriesInput = z.object({ siteId, due: z.boolean().default(false) });

/** What a coordinator decides about a visitor held in screening. */
export const screeningDecisions = ['admitted', 'refused'] as const;
export type ScreeningDecision = (typeof screeningDecisions)[number];

export const decideScreeningInput = z.object({
  siteId,
  visitId: z.uuid({ error: 'Choose a visit' }),
  decision: z.enum(screeningDecisions, { error: 'Choose admit or refuse' }),
  reason: note('Say why'),
});
export const screeningOutcomes = ['match', 'check_failed'] as const;
