import { z } from 'zod';
import { siteId } from './scope.ts';

/** One roll call at a site: to close it, add late arrivals to it, or look at it afterwards. */
export const rollCallRefInput = z.object({ siteId, rollCallId: z.uuid({ error: 'Choose a roll call' }) });

/** Ticks a person off the roll call, or takes the tick back (a mistaken tap). */
export const markRollCallInput = z.object({
  siteId,
  entryId: z.uuid({ error: 'Choose a person on the roll call' }),
  accounted: z.boolean({ error: 'Say whether they are accounted for' }),
});

export const rollCallEntryKind = z.enum(['visitor', 'staff']);
export type RollCallEntryKind = z.infer<typeof rollCallEntryKind>;
