/** Codes typed during two-factor sign-in and enrolment, and what better-auth's refusals mean for the person. */

export type CodeKind = 'totp' | 'backup';

export const SIX_DIGITS = /^\d{6}$/;

/** Authenticator apps show "123 456": spaces are dropped. Backup codes keep their dash. */
export function normaliseCode(kind: CodeKind, typed: string): string {
  return kind === 'totp' ? typed.replace(/\s+/g, '') : typed.trim();
}

/** The message for a refused code, and whether the person must go back to their password first. */
export function codeErrorMessage(
  kind: CodeKind,
  error: { status: number; code?: string | undefined; message?: string | undefined },
): { message: string; restart: boolean } {
  if (error.status === 429)
    return {
      message: error.message ?? 'Too many tries in a short time. Wait a minute, then try again.',
      restart: false,
    };
  switch (error.code) {
    case 'INVALID_CODE':
      return {
        message:
          'That code is not right. Type the code your app shows now for Threshold (it changes every 30 seconds).',
        restart: false,
      };
    case 'INVALID_BACKUP_CODE':
      return { message: 'That backup code is not right, or it has been used already.', restart: false };
    case 'TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE':
      return { message: 'Too many wrong codes. Enter your email and password again to try once more.', restart: true };
    case 'ACCOUNT_TEMPORARILY_LOCKED':
      return {
        message: 'Too many wrong codes for this account: it is locked for 15 minutes. Try again later or ask an admin.',
        restart: true,
      };
    case 'INVALID_TWO_FACTOR_COOKIE':
      return { message: 'Signing in took more than 10 minutes. Enter your email and password again.', restart: true };
    default:
      return {
        message: kind === 'totp' ? 'That code did not work. Try again.' : 'That backup code did not work. Try again.',
        restart: false,
      };
  }
}
