import { getActiveStaffWithRoles, isConnectionError } from '@threshold/db';
import {
  type FieldError,
  fieldErrorOfIssue,
  type SessionEnding,
  type StaffRole,
  siteScopedInput,
} from '@threshold/validators';
import { initTRPC, type TRPC_ERROR_CODE_KEY, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { kioskCache } from './cache/kiosk-cache.ts';
import type { Context } from './context.ts';
import { DomainError } from './domain/errors.ts';
import { sha256Hex } from './domain/secrets.ts';
import { mustEnrolTwoFactor, pastAbsoluteLimit, SessionRefused } from './domain/session-policy.ts';
import { IllegalTransitionError } from './domain/visit-state.ts';
import { endSessionFor, recordedEndingOf } from './session-endings.ts';

/** The shape of each of `data.fieldErrors`. */
export type FieldIssue = FieldError;

/**
 * What to say for the errors tRPC raises itself, whose own messages quote the request (a path, a content type, a
 * fragment of a body, a parser's "Maximum call stack size exceeded").
 */
const fixedMessages: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  PARSE_ERROR: 'The request body is not valid JSON.',
  BAD_REQUEST: 'The request could not be read. Send the input as JSON for this procedure.',
  NOT_FOUND: 'There is no such procedure.',
  METHOD_NOT_SUPPORTED: 'This procedure cannot be called with that HTTP method.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the request as application/json.',
  PAYLOAD_TOO_LARGE: 'The request is too large.',
};

/** Our own errors, whose messages were written for people; anything else gets fixed wording by code. */
const ownCause = (cause: unknown) =>
  cause instanceof DomainError || cause instanceof SessionRefused || cause instanceof IllegalTransitionError;

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Never send stack traces, whatever NODE_ENV says.
  isDev: false,
  // Pings keep live streams honest: a connection a proxy silently dropped is noticed and re-opened.
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 30_000 } },
  errorFormatter({ shape, error }) {
    const fieldErrors: FieldError[] =
      error.cause instanceof ZodError
        ? error.cause.issues.map(fieldErrorOfIssue)
        : error.cause instanceof DomainError && error.cause.fieldError
          ? [error.cause.fieldError]
          : [];
    // Never "nothing was saved": a failure after the commit, or an answer lost on its way, cannot know that.
    // Field errors are summed up by their texts alone (each once: a name and its typed copy share one); the paths are
    // for programs, not people.
    const message =
      error.code === 'INTERNAL_SERVER_ERROR'
        ? 'Something went wrong on our side. Please try again in a moment.'
        : fieldErrors.length > 0
          ? [...new Set(fieldErrors.map((f) => f.message))].join('; ')
          : ownCause(error.cause)
            ? shape.message
            : (fixedMessages[error.code] ?? shape.message);
    // Only refused staff sessions carry a reason, so every other error keeps exactly its old shape.
    const reason = error.cause instanceof SessionRefused ? error.cause.reason : null;
    const ending = error.cause instanceof SessionRefused ? error.cause.ending : null;
    return {
      message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        fieldErrors,
        ...(reason ? { reason } : {}),
        ...(ending ? { ending } : {}),
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const DATABASE_UNAVAILABLE = 'Threshold cannot reach its database just now. Please try again in a moment.';

const unavailable = (cause?: unknown) =>
  new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE, ...(cause ? { cause } : {}) });

/**
 * While the database is known to be down, refuse at once (503, the server adds Retry-After) rather than wait for a
 * connection that will not come. Domain errors become their tRPC codes; a lost or refused connection becomes 503,
 * so clients retry instead of showing an error; anything else stays an internal error with a generic message.
 */
const domainErrors = t.middleware(async ({ ctx, next }) => {
  if (ctx.database && !ctx.database.isOpen()) throw unavailable();
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
    if (cause instanceof IllegalTransitionError)
      throw new TRPCError({ code: 'CONFLICT', message: cause.message, cause });
    if (isConnectionError(cause)) {
      ctx.database?.report(cause);
      throw unavailable(cause);
    }
  }
  return result;
});

/**
 * What a mutation queued to follow its commit (live events, escort timers, notices: live/publish.ts) goes at once:
 * the drain is kicked when the mutation returns, whether or not it queued anything.
 */
const hurryAfterCommit = t.middleware(async ({ ctx, type, next }) => {
  const result = await next();
  if (type === 'mutation') ctx.afterCommit?.kick();
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors).use(hurryAfterCommit);

/** A paired, unrevoked kiosk: `ctx.device` and its site. */
export const kioskProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const header = ctx.headers.get('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  const device = token ? await kioskCache.device(ctx.db, sha256Hex(token)) : null;
  if (!device)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'This kiosk is not paired. Ask an admin to pair it.' });
  return next({ ctx: { device } });
});

function refuse(refusal: SessionRefused): never {
  throw new TRPCError({ code: 'UNAUTHORIZED', message: refusal.message, cause: refusal });
}

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?threshold\.session_token=/;
const ended = (ending: SessionEnding | null = null) =>
  new SessionRefused('session_ended', 'Your session has ended. Please sign in again.', ending);

/**
 * A signed-in, active member of staff whose session is within its idle and absolute limits, and who has enrolled
 * in two-factor sign-in if their organisation requires it of their role: `ctx.staff` with roles per site.
 */
export const authedStaffProcedure = publicProcedure.use(async ({ ctx, next }) => {
  // No refresh here: a request is not activity (a board refetches by itself). The admin app extends the session
  // through /api/auth/get-session when the person does something.
  const session = await ctx.auth.api.getSession({ headers: ctx.headers, query: { disableRefresh: true } });
  if (!session) {
    // A cookie that no longer names a live session: it expired, was signed out elsewhere, or was revoked. When this
    // server ended it (below), it noted why: a request racing that one still says so.
    const cookie = ctx.headers.get('cookie') ?? '';
    refuse(
      SESSION_COOKIE.test(cookie)
        ? ended(await recordedEndingOf(ctx.db, cookie, new Date()))
        : new SessionRefused(null, 'Please sign in.'),
    );
  }
  // Wall-clock time, as better-auth's own idle check uses; `ctx.now` is the domain's clock, not the session's.
  if (pastAbsoluteLimit(session.session.createdAt, new Date())) {
    await endSessionFor(ctx.db, session.session, 'absolute', new Date());
    refuse(ended('absolute'));
  }
  const member = await getActiveStaffWithRoles(ctx.db, { staffId: session.user.id });
  if (!member) {
    // Deactivated since signing in.
    await endSessionFor(ctx.db, session.session, 'deactivated', new Date());
    refuse(ended('deactivated'));
  }
  if (member.passwordChangeRequired) {
    refuse(
      new SessionRefused(
        'password_change_required',
        'Choose a new password to replace the one you were given before carrying on.',
      ),
    );
  }
  if (mustEnrolTwoFactor(member)) {
    refuse(
      new SessionRefused(
        'two_factor_enrolment_required',
        'Your organisation requires two-factor sign-in for admins and coordinators. Set up an authenticator app to continue.',
      ),
    );
  }
  return next({ ctx: { staff: member } });
});

/** A member of staff holding one of `roles` at the site named in the input (`siteId`). */
export function staffProcedure(...roles: StaffRole[]) {
  return authedStaffProcedure.input(siteScopedInput).use(async ({ ctx, input, next }) => {
    const allowed = ctx.staff.roles.some((r) => r.siteId === input.siteId && (roles as string[]).includes(r.role));
    if (!allowed) throw new TRPCError({ code: 'FORBIDDEN', message: 'You do not have access to this at that site.' });
    return next({ ctx: { siteId: input.siteId } });
  });
}
