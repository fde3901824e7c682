import { z } from 'zod';
import { pairingCode } from './kiosk.ts';
import { siteId } from './scope.ts';
import { text } from './text.ts';

const displayName = text({ trim: true })
  .min(1, { error: 'Give this display a name, such as "Reception screen"' })
  .max(80, { error: 'The display name must be 80 characters or fewer' });

/** "HH:MM" (24-hour) in the site's time zone, carried as minutes since midnight. */
const timeOfDay = (field: string) =>
  z
    .string({ error: `Enter the ${field} time as HH:MM` })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `Enter the ${field} time as HH:MM, for example 07:30` })
    .transform((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5)));

/** Names show between these times; outside them the screen shows counts only. */
const namesHours = { namesFrom: timeOfDay('first'), namesUntil: timeOfDay('last') };
const inOrder = (h: { namesFrom: number; namesUntil: number }) => h.namesFrom < h.namesUntil;
const outOfOrder = {
  error: 'Names must start showing before they stop (both times on the same day)',
  path: ['namesUntil'],
};

export const addDisplayInput = z.object({ siteId, name: displayName, ...namesHours }).refine(inOrder, outOfOrder);
export const displayInput = z.object({ siteId, displayId: z.uuid() });
export const updateDisplayInput = z
  .object({ siteId, displayId: z.uuid(), name: displayName, ...namesHours })
  .refine(inOrder, outOfOrder);
export const pairDisplayInput = z.object({ code: pairingCode });

/** "07:00" from 420: how the admin shows a display's hours. */
export function minuteToTime(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** The states a room's screen shows; a visit held at screening never appears there. */
export const displayBoardStates = ['awaiting_escort', 'escorted', 'handover_pending'] as const;
export type DisplayBoardState = (typeof displayBoardStates)[number];

/** `names: false` is reception's "hide names": the server then sends counts only, so no name reaches the screen. */
export const displayBoardInput = z.object({ names: z.boolean() });
