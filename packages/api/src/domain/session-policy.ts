import type { SessionEnding, SessionRefusal, StaffRole } from '@threshold/validators';

/** A session ends after 15 minutes without activity… */
export const IDLE_TIMEOUT_SECONDS = 15 * 60;
/** …is extended at most once a minute by activity… */
export const SESSION_REFRESH_SECONDS = 60;
/** …and ends 12 hours after sign-in whatever the activity. */
export const ABSOLUTE_SESSION_SECONDS = 12 * 60 * 60;

/** Roles that must sign in with a second factor when the organisation requires it. */
const twoFactorRoles: readonly StaffRole[] = ['admin', 'coordinator'];

/** Whether a session started at `createdAt` has passed the absolute limit at `now`. */
export function pastAbsoluteLimit(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() >= ABSOLUTE_SESSION_SECONDS * 1000;
}

/** A member of staff who must enrol in two-factor sign-in before anything else works. */
export function mustEnrolTwoFactor(member: {
  twoFactorEnabled: boolean;
  organisationRequiresTwoFactor: boolean;
  roles: { role: string }[];
}): boolean {
  return (
    member.organisationRequiresTwoFactor &&
    !member.twoFactorEnabled &&
    member.roles.some((r) => (twoFactorRoles as string[]).includes(r.role))
  );
}

/** The refusal of a staff request, with the reason the admin app acts on (see `sessionRefusals`). */
export class SessionRefused extends Error {
  constructor(
    readonly reason: SessionRefusal | null,
    message: string,
    /** Why a session ended, where the server can tell (see `sessionEndings`). */
    readonly ending: SessionEnding | null = null,
  ) {
    super(message);
    this.name = 'SessionRefused';
  }
}
