import {
  clearPasswordChangeRequired,
  connectionErrorCode,
  type Db,
  getActiveStaffWithRoles,
  pgErrorOf,
  schema,
} from '@threshold/db';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { symmetricEncrypt } from 'better-auth/crypto';
import { twoFactor } from 'better-auth/plugins/two-factor';
import { withHashedSessionTokens } from './auth-hashed-sessions.ts';
import { authLimitHooks, CLIENT_ADDRESS_HEADER } from './auth-limits.ts';
import { IDLE_TIMEOUT_SECONDS, SESSION_REFRESH_SECONDS } from './domain/session-policy.ts';
import { hashSecret, verifySecret } from './password.ts';

/** An error named by its kind alone: a lost connection's code, a PostgreSQL SQLSTATE, or its class name. */
function errorKind(err: Error): string {
  const connection = connectionErrorCode(err);
  if (connection) return `database connection failed: ${connection}`;
  const pg = pgErrorOf(err);
  return pg ? `postgres ${pg.code}` : err.name;
}

export interface AuthOptions {
  db: Db;
  secret: string;
  baseURL: string;
  trustedOrigins: string[];
}

/**
 * Staff sign-in (email + password, then a TOTP code for those enrolled in two-factor sign-in) with sessions in
 * PostgreSQL and HttpOnly, SameSite=Strict cookies.
 */
export function createAuth(opts: AuthOptions) {
  const secure = opts.baseURL.startsWith('https://');
  return betterAuth({
    appName: 'Threshold',
    baseURL: opts.baseURL,
    basePath: '/api/auth',
    secret: opts.secret,
    trustedOrigins: opts.trustedOrigins,
    telemetry: { enabled: false },
    // better-auth's own limiter is per process, off unless NODE_ENV=production, and per address only; ours
    // (auth-limits.ts) is always on, in PostgreSQL, per account and per address.
    rateLimit: { enabled: false },
    hooks: authLimitHooks(opts.db),
    // better-auth's own logger prints a failed query with its parameters (session tokens): keep only the message
    // and what kind of error it was.
    logger: {
      log: (level, message, ...args) => {
        const causes = args.filter((a) => a instanceof Error).map(errorKind);
        console.error(`[auth] ${level}: ${message.split('\n')[0]}${causes.length ? ` (${causes.join(', ')})` : ''}`);
      },
    },
    // Session tokens are kept as SHA-256 hashes (see auth-hashed-sessions.ts).
    database: withHashedSessionTokens(
      drizzleAdapter(opts.db, {
        provider: 'pg',
        schema: {
          staff: schema.staff,
          authSession: schema.authSession,
          authAccount: schema.authAccount,
          authVerification: schema.authVerification,
          authTwoFactor: schema.authTwoFactor,
        },
      }),
    ),
    user: {
      modelName: 'staff',
      // Staff rows are created by admins and the seed, never through better-auth; declared so it knows them.
      additionalFields: {
        organisationId: { type: 'string', required: true, input: false },
        active: { type: 'boolean', required: false, defaultValue: true, input: false },
      },
    },
    // Idle timeout: a session lasts 15 minutes from its last refresh. The admin app refreshes it (through
    // /api/auth/get-session) only when the person does something, so a board left refreshing itself still times out.
    // The 12-hour absolute limit is checked on every staff request (see trpc.ts).
    session: { modelName: 'authSession', expiresIn: IDLE_TIMEOUT_SECONDS, updateAge: SESSION_REFRESH_SECONDS },
    account: { modelName: 'authAccount' },
    verification: { modelName: 'authVerification' },
    emailAndPassword: {
      enabled: true,
      // Accounts are created by admins, never by sign-up.
      disableSignUp: true,
      minPasswordLength: 12,
      password: { hash: hashSecret, verify: ({ hash, password }) => verifySecret(hash, password) },
    },
    plugins: [
      twoFactor({
        issuer: 'Threshold',
        schema: { twoFactor: { modelName: 'authTwoFactor' } },
        // Desks are shared, so no device may skip the code: the app never offers "trust this device", and should a
        // client ask for it anyway, the trust lasts one second.
        trustDeviceMaxAge: 1,
      }),
    ],
    advanced: {
      // The address the server resolved (socket, or TRUST_PROXY's forwarded one); never a client's own header.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      cookiePrefix: 'threshold',
      // better-auth turns its origin check off when NODE_ENV is "test"; ours is on in every mode, so tests prove it.
      disableOriginCheck: false,
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'strict', secure },
    },
    databaseHooks: {
      account: {
        update: {
          // Changing one's own password (signed in: /change-password) replaces one someone else saw.
          before: async (data, ctx) => {
            const staffId = ctx?.context.session?.user.id;
            if (staffId && typeof data.password === 'string') await clearPasswordChangeRequired(opts.db, { staffId });
            return { data };
          },
        },
      },
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

/**
 * Encrypts a value the way better-auth's two-factor plugin stores its TOTP secrets and backup codes (with this
 * installation's auth secret), for enrolments written outside the plugin: the demo seed's.
 */
export async function encryptAsTwoFactorPlugin(auth: Auth, value: string): Promise<string> {
  const { secretConfig } = await auth.$context;
  return symmetricEncrypt({ key: secretConfig, data: value });
}
