import { type Db, getActiveStaffWithRoles, schema } from '@threshold/db';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { hashSecret, verifySecret } from './password.ts';

export interface AuthOptions {
  db: Db;
  secret: string;
  baseURL: string;
  trustedOrigins: string[];
}

const TWELVE_HOURS = 12 * 60 * 60;

/** Staff sign-in (email + password) with sessions in PostgreSQL and HttpOnly, SameSite=Strict cookies. */
export function createAuth(opts: AuthOptions) {
  const secure = opts.baseURL.startsWith('https://');
  return betterAuth({
    appName: 'Threshold',
    baseURL: opts.baseURL,
    basePath: '/api/auth',
    secret: opts.secret,
    trustedOrigins: opts.trustedOrigins,
    telemetry: { enabled: false },
    database: drizzleAdapter(opts.db, {
      provider: 'pg',
      schema: {
        staff: schema.staff,
        authSession: schema.authSession,
        authAccount: schema.authAccount,
        authVerification: schema.authVerification,
      },
    }),
    user: {
      modelName: 'staff',
      // Staff rows are created by admins and the seed, never through better-auth; declared so it knows them.
      additionalFields: {
        organisationId: { type: 'string', required: true, input: false },
        active: { type: 'boolean', required: false, defaultValue: true, input: false },
      },
    },
    session: { modelName: 'authSession', expiresIn: TWELVE_HOURS, updateAge: TWELVE_HOURS },
    account: { modelName: 'authAccount' },
    verification: { modelName: 'authVerification' },
    emailAndPassword: {
      enabled: true,
      // Accounts are created by admins, never by sign-up.
      disableSignUp: true,
      minPasswordLength: 12,
      password: { hash: hashSecret, verify: ({ hash, password }) => verifySecret(hash, password) },
    },
    advanced: {
      cookiePrefix: 'threshold',
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'strict', secure },
    },
    databaseHooks: {
      session: {
        create: {
          // A deactivated member of staff cannot start a session even with the right password.
          before: async (session) => {
            const member = await getActiveStaffWithRoles(opts.db, { staffId: session.userId });
            return member ? { data: session } : false;
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
