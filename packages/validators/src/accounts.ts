import { z } from 'zod';
import { staffRole } from './enums.ts';
import { siteId, staffId } from './scope.ts';
import { text } from './text.ts';

const rolesAtSite = z
  .array(staffRole, { error: 'Choose at least one role' })
  .min(1, { error: 'Choose at least one role. To stop someone signing in, deactivate them instead' })
  .refine((list) => new Set(list).size === list.length, { error: 'Each role may be chosen once' });

/** A new staff account at the admin's site; its first password is generated and shown once. */
export const createStaffAccountInput = z.object({
  siteId,
  name: text({ error: 'Give their name', trim: true })
    .min(1, { error: 'Give their name' })
    .max(120, { error: 'The name must be 120 characters or fewer' }),
  email: text({ error: 'Give their email address', trim: true })
    .toLowerCase()
    .pipe(z.email({ error: 'Give a valid email address, like name@example.org' }))
    .pipe(z.string().max(254, { error: 'The email address is too long' })),
  roles: rolesAtSite,
});
export type CreateStaffAccountInput = z.infer<typeof createStaffAccountInput>;

export const staffAccountInput = z.object({ siteId, staffId });
export const setStaffRolesInput = z.object({ siteId, staffId, roles: rolesAtSite });
export const setRequireTwoFactorInput = z.object({
  siteId,
  required: z.boolean({ error: 'Say whether two-factor sign-in is required' }),
});

/**
 * Why a staff request was refused, sent with the error (`data.reason`) so the admin app can tell a session that
 * ended (back to sign-in, saying so) from one that must enrol in two-factor sign-in first.
 */
export const sessionRefusals = ['session_ended', 'password_change_required', 'two_factor_enrolment_required'] as const;
export type SessionRefusal = (typeof sessionRefusals)[number];
