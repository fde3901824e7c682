import { z } from 'zod';
import { visitorCategory } from './enums.ts';

/** Letters and digits that cannot be mistaken for each other on a badge (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const visitCodeAlphabet = 'ACDEFGHJKMNPQRTUVWXY34679';
export const visitCodeLength = 6;

/** Accepts what a visitor types or a scanner sends: case, spaces and dashes do not matter. */
export const visitCode = z
  .string({ error: 'Enter the code on your badge' })
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(
    z
      .string()
      .length(visitCodeLength, { error: `The code on your badge has ${visitCodeLength} letters and numbers` })
      .regex(new RegExp(`^[${visitCodeAlphabet}]+$`), { error: 'That code has a character badges never use' }),
  );

const personText = (field: string, max: number) =>
  z
    .string({ error: `Enter your ${field}` })
    .trim()
    .min(1, { error: `Enter your ${field}` })
    .max(max, { error: `Your ${field} must be ${max} characters or fewer` })
    // Control characters have no place in a name and could corrupt printed badges or CSV exports.
    .refine((s) => !/\p{Cc}/u.test(s), { error: `Your ${field} contains characters we cannot accept` });

export const signInInput = z.object({
  idempotencyKey: z.uuid({ error: 'Missing journey key' }),
  fullName: personText('full name', 120),
  organisation: personText('organisation', 160),
  category: visitorCategory,
});
export type SignInInput = z.input<typeof signInInput>;

export const signOutInput = z.object({ visitCode });

export const siteScopedInput = z.object({ siteId: z.uuid({ error: 'Choose a site' }) });
