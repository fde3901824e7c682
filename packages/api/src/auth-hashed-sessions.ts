import { createHash } from 'node:crypto';
import type { drizzleAdapter } from 'better-auth/adapters/drizzle';

type AdapterFactory = ReturnType<typeof drizzleAdapter>;
type Adapter = ReturnType<AdapterFactory>;
type TransactionAdapter = Omit<Adapter, 'transaction'>;
type Where = Parameters<Adapter['findOne']>[0]['where'];

/** How a session token is kept in auth_session.token: its SHA-256, hex. The cookie carries the token itself. */
export function sessionTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// better-auth names the model by its logical name; the configured name is accepted too, in case a caller uses it.
const SESSION_MODELS = new Set(['session', 'authSession']);

/**
 * Wraps a better-auth database adapter so that session tokens are stored hashed: someone who can read the session
 * table (a backup, a database role) cannot use what they read as a cookie. Tokens better-auth writes or looks up are
 * hashed on the way in; rows coming back carry the plain token better-auth asked about, since it compares and
 * reuses it (refresh, sign-out). A row found without its token (listing a person's sessions) keeps the hash.
 */
export function withHashedSessionTokens(factory: AdapterFactory): AdapterFactory {
  return (options) => {
    const adapter = factory(options);
    return {
      ...adapter,
      ...hashing(adapter),
      transaction: (callback) => adapter.transaction((trx) => callback({ ...trx, ...hashing(trx) })),
    };
  };
}

function hashing(adapter: TransactionAdapter): Partial<TransactionAdapter> {
  return {
    create: async (args) => {
      if (!SESSION_MODELS.has(args.model)) return adapter.create(args);
      const known = new Map<string, string>();
      const data = hashTokenField(args.data, known);
      return restore(await adapter.create({ ...args, data }), known);
    },
    findOne: async (args) => {
      if (!SESSION_MODELS.has(args.model)) return adapter.findOne(args);
      const known = new Map<string, string>();
      return restore(await adapter.findOne({ ...args, where: hashWhere(args.where, known) }), known);
    },
    findMany: async <T>(args: Parameters<Adapter['findMany']>[0]): Promise<T[]> => {
      if (!SESSION_MODELS.has(args.model) || !args.where) return adapter.findMany<T>(args);
      const known = new Map<string, string>();
      const rows = await adapter.findMany<T>({ ...args, where: hashWhere(args.where, known) });
      return rows.map((row) => restore(row, known));
    },
    count: (args) =>
      SESSION_MODELS.has(args.model) && args.where
        ? adapter.count({ ...args, where: hashWhere(args.where, new Map()) })
        : adapter.count(args),
    update: async (args) => {
      if (!SESSION_MODELS.has(args.model)) return adapter.update(args);
      const known = new Map<string, string>();
      const where = hashWhere(args.where, known);
      return restore(await adapter.update({ ...args, where, update: hashTokenField(args.update, known) }), known);
    },
    updateMany: (args) =>
      SESSION_MODELS.has(args.model)
        ? adapter.updateMany({
            ...args,
            where: hashWhere(args.where, new Map()),
            update: hashTokenField(args.update, new Map()),
          })
        : adapter.updateMany(args),
    delete: (args) =>
      SESSION_MODELS.has(args.model)
        ? adapter.delete({ ...args, where: hashWhere(args.where, new Map()) })
        : adapter.delete(args),
    deleteMany: (args) =>
      SESSION_MODELS.has(args.model)
        ? adapter.deleteMany({ ...args, where: hashWhere(args.where, new Map()) })
        : adapter.deleteMany(args),
    consumeOne: async (args) => {
      if (!SESSION_MODELS.has(args.model)) return adapter.consumeOne(args);
      const known = new Map<string, string>();
      return restore(await adapter.consumeOne({ ...args, where: hashWhere(args.where, known) }), known);
    },
    incrementOne: async (args) => {
      if (!SESSION_MODELS.has(args.model)) return adapter.incrementOne(args);
      const known = new Map<string, string>();
      return restore(await adapter.incrementOne({ ...args, where: hashWhere(args.where, known) }), known);
    },
  };
}

/** Hashes `token` (a string or a list, as in `in`) and remembers each hash's plain token. */
function hash(token: string, known: Map<string, string>): string {
  const hashed = sessionTokenHash(token);
  known.set(hashed, token);
  return hashed;
}

function hashWhere(where: Where, known: Map<string, string>): Where {
  return where.map((clause) => {
    if (clause.field !== 'token') return clause;
    const { value } = clause;
    if (typeof value === 'string') return { ...clause, value: hash(value, known) };
    if (Array.isArray(value)) return { ...clause, value: value.map((v) => hash(String(v), known)) };
    return clause;
  });
}

function hashTokenField<T>(data: T, known: Map<string, string>): T {
  if (!data || typeof data !== 'object' || !('token' in data) || typeof data.token !== 'string') return data;
  return { ...data, token: hash(data.token, known) };
}

function restore<T>(row: T, known: Map<string, string>): T {
  if (!row || typeof row !== 'object' || !('token' in row) || typeof row.token !== 'string') return row;
  const plain = known.get(row.token);
  return plain ? { ...row, token: plain } : row;
}
