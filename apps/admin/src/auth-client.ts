import { twoFactorClient } from 'better-auth/client/plugins';
import { createAuthClient } from 'better-auth/react';

/** better-auth from the browser: sign-in (password, then a TOTP or backup code), enrolment, sign-out. */
export const authClient = createAuthClient({ basePath: '/api/auth', plugins: [twoFactorClient()] });
