import { z } from 'zod';
import { siteId } from './scope.ts';
import { text } from './text.ts';

const visitId = z.uuid({ error: 'Choose a visit' });

/** Desk staff sign a visitor out for them; the reason is kept with the visit. */
export const signOutOnBehalfInput = z.object({
  siteId,
  visitId,
  reason: text({ error: 'Say why you are signing them out', trim: true })
    .min(1, { error: 'Say why you are signing them out' })
    .max(500, { error: 'The reason must be 500 characters or fewer' }),
});
export type SignOutOnBehalfInput = z.infer<typeof signOutOnBehalfInput>;

/** When a visitor whose departure was not confirmed at closing time actually left, and how staff know. */
export const recordDepartureInput = z.object({
  siteId,
  visitId,
  departedAt: z.date({ error: 'Enter the date and time they left' }),
  note: text({ error: 'Add a note on how you know when they left', trim: true })
    .min(1, { error: 'Add a note on how you know when they left' })
    .max(500, { error: 'The note must be 500 characters or fewer' }),
});
export type RecordDepartureInput = z.infer<typeof recordDepartureInput>;
