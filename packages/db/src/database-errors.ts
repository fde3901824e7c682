import postgres from 'postgres';
import { connectionErrorCode } from './connection-errors.ts';
import { pgErrorOf } from './provision.ts';

/**
 * An expected failure to use the database, with a message that says what to do (it names roles, hosts and
 * databases, never passwords or row values). Callers print its message alone: no stack trace.
 */
export class DatabaseProblem extends Error {
  override name = 'DatabaseProblem';
}

/** What the connection was for: changing the schema (the owner role) or the application's own work. */
export type DatabasePurpose = 'migrate' | 'serve';

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECT_TIMEOUT',
  'ECONNRESET',
  'CONNECTION_CLOSED',
]);

const GUIDE = 'See docs/operating.md.';

/**
 * A DatabaseProblem for the expected ways of failing to use `url` — PostgreSQL unreachable, authentication
 * refused, the database missing, a privilege missing, the schema missing — or null for anything else.
 */
export function explainDatabaseError(err: unknown, url: string, purpose: DatabasePurpose): DatabaseProblem | null {
  if (err instanceof DatabaseProblem) return err;
  const where = describeUrl(url);
  const setting = purpose === 'migrate' ? 'DATABASE_OWNER_URL (or DATABASE_URL when that is unset)' : 'DATABASE_URL';
  const problem = (message: string) => new DatabaseProblem(message, { cause: err });
  const connection = connectionErrorCode(err);
  if (connection && UNREACHABLE.has(connection)) {
    return problem(
      `Cannot reach PostgreSQL at ${where.hostPort} (${connection}). Is it running and accepting TCP connections ` +
        `there? Check the host and port in ${setting}.`,
    );
  }
  const pg = pgErrorOf(err) as (ReturnType<typeof pgErrorOf> & { message?: string }) | null;
  if (!pg) return null;
  const said = `PostgreSQL said: ${withheldValues(pg.code, pg.message ?? pg.code)}`;
  if (pg.code === '28P01') {
    return problem(
      `PostgreSQL at ${where.hostPort} refused the password for role "${where.role}". Check the user name and ` +
        `password in ${setting} (a password with special characters must be percent-encoded).`,
    );
  }
  if (pg.code === '28000') {
    return problem(
      `PostgreSQL at ${where.hostPort} does not let role "${where.role}" connect to database "${where.database}" ` +
        `(${said}). Check that the role exists and may log in, and that pg_hba.conf allows this machine. ${GUIDE}`,
    );
  }
  if (pg.code === '3D000') {
    return problem(
      `Database "${where.database}" does not exist on ${where.hostPort}. Create it, owned by the owner role, or ` +
        `correct the database name in ${setting}. ${GUIDE}`,
    );
  }
  if (pg.code === '42501' && purpose === 'migrate') {
    return problem(
      `Role "${where.role}" may not change the database's schema (${said}). Migrations run as the owner role, ` +
        `${setting}, which must own database "${where.database}" (or have CREATE on it) and its schema public. ` +
        `Give that role the privilege, or point the setting at the owner role. ${GUIDE}`,
    );
  }
  if (pg.code === '42501') {
    return problem(
      `Role "${where.role}" lacks a privilege it needs (${said}). The application role needs CONNECT on database ` +
        `"${where.database}" and the grants the migrations give it: run \`npm run threshold -- migrate\` with ` +
        `DATABASE_OWNER_URL set to the owner role (or start the server so) and DATABASE_URL naming this role. ${GUIDE}`,
    );
  }
  if (pg.code === '42P01' || pg.code === '3F000') {
    return problem(
      `Database "${where.database}" has no Threshold tables yet, or older ones (${said}). Run ` +
        '`npm run threshold -- migrate` with DATABASE_OWNER_URL set to the owner role, or start the server once.',
    );
  }
  if (/^(57P03|53300)$/.test(pg.code)) {
    return problem(`PostgreSQL at ${where.hostPort} is not accepting connections now (${said}). Try again shortly.`);
  }
  return null;
}

/**
 * Connects as the application role and reads one table, so a start or a command fails early with a message that
 * says what to do (unreachable, refused, missing database, tables or grants) rather than mid-way. For the embedded
 * database, `embeddedDataDir` names its folder: there no owner URL is set, so the advice differs.
 */
export async function checkApplicationAccess(
  appUrl: string,
  { embeddedDataDir }: { embeddedDataDir?: string } = {},
): Promise<void> {
  const sql = postgres(appUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql`select 1 from organisation limit 1`;
  } catch (err) {
    const code = pgErrorOf(err)?.code;
    if (embeddedDataDir !== undefined && (code === '42P01' || code === '3F000')) {
      throw new DatabaseProblem(
        `The embedded database in ${embeddedDataDir} has no tables yet: nothing has been set up there. Run ` +
          '`npm run threshold -- migrate`, or start the server once (on an empty database that also adds the demo ' +
          'organisation: for real use run `create-admin` first, see docs/operating.md), then try again. If your ' +
          'data is elsewhere, set THRESHOLD_DATA_DIR to its folder.',
        { cause: err },
      );
    }
    throw explainDatabaseError(err, appUrl, 'serve') ?? err;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** PostgreSQL's message, without a value it quotes from a row (data exceptions end with the offending value). */
export function withheldValues(code: string, message: string): string {
  return code.startsWith('22') ? message.replace(/: ".*"$/s, ': (value withheld)') : message;
}

function describeUrl(url: string): { hostPort: string; role: string; database: string } {
  try {
    const u = new URL(url);
    return {
      hostPort: `${u.hostname || 'localhost'}:${u.port || '5432'}`,
      role: decodeURIComponent(u.username),
      database: decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username),
    };
  } catch {
    return { hostPort: '(unparsable URL)', role: '?', database: '?' };
  }
}
