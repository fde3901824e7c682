import fc from 'fast-check';

/** The part of a zod 4 schema this walker reads: its definition (`_zod.def`). */
interface ZodLike {
  _zod: { def: ZodDef };
}
interface ZodDef {
  type: string;
  format?: string;
  checks?: { _zod: { def: { check: string; format?: string; pattern?: RegExp; [k: string]: unknown } } }[];
  shape?: Record<string, ZodLike>;
  innerType?: ZodLike;
  in?: ZodLike;
  out?: ZodLike;
  element?: ZodLike;
  entries?: Record<string, string>;
  values?: unknown[];
  options?: ZodLike[];
}

/** Real values to draw from for fields of these names (ids of things that exist), so inputs reach the domain rules. */
export type Pools = Record<string, readonly unknown[]>;

const isoDay = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

function checksOf(def: ZodDef) {
  return (def.checks ?? []).map((c) => c._zod.def);
}

function stringArbitrary(def: ZodDef): fc.Arbitrary<string> {
  const checks = checksOf(def);
  const format = def.format ?? checks.find((c) => c.check === 'string_format')?.format;
  if (format === 'uuid') return fc.uuid({ version: 4 });
  // Plain addresses: fast-check's RFC-exotic ones are mostly refused, and the point is to get past the schema.
  if (format === 'email') return fc.stringMatching(/^[a-z0-9.]{1,30}@[a-z]{1,20}\.org$/);
  if (format === 'date') return isoDay;
  const pattern = checks.find((c) => c.format === 'regex')?.pattern;
  if (pattern instanceof RegExp) return fc.stringMatching(pattern).map((s) => s.slice(0, 5000));
  const min = Number(checks.find((c) => c.check === 'min_length')?.minimum ?? 0);
  const max = Number(checks.find((c) => c.check === 'max_length')?.maximum ?? Math.max(min, 40));
  const exact = checks.find((c) => c.check === 'length_equals')?.length;
  const length =
    exact === undefined
      ? { minLength: min, maxLength: Math.min(max, 300) }
      : { minLength: Number(exact), maxLength: Number(exact) };
  return fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz ABCDEFXYZ0123456789-'’éüសុខ李"), ...length });
}

function numberArbitrary(def: ZodDef): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const lower = checks.find((c) => c.check === 'greater_than')?.value;
  const upper = checks.find((c) => c.check === 'less_than')?.value;
  const min = typeof lower === 'number' ? lower : -1000;
  const max = typeof upper === 'number' ? upper : min + 100_000;
  return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER)) });
}

function hasFormat(schema: ZodLike | undefined): boolean {
  if (!schema) return false;
  const def = schema._zod.def;
  if (def.type === 'pipe') return hasFormat(def.out) || hasFormat(def.in);
  return def.format !== undefined || checksOf(def).some((c) => c.check === 'string_format');
}

/**
 * Inputs a schema would probably accept (a real id where `pools` has one for the field), as the starting point for
 * mutations. Not exact: refinements across fields are not modelled, and need not be — the domain must refuse what
 * gets through, with a 4xx.
 */
export function arbitraryFor(schema: unknown, pools: Pools, key = ''): fc.Arbitrary<unknown> {
  const own = fromDefinition(schema as ZodLike, pools, key);
  const pool = pools[key];
  return pool && pool.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...pool), weight: 5 }, own) : own;
}

function fromDefinition(schema: ZodLike, pools: Pools, key: string): fc.Arbitrary<unknown> {
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
      return stringArbitrary(def);
    case 'number':
      return numberArbitrary(def);
    case 'boolean':
      return fc.boolean();
    case 'date':
      return fc.date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-01-01T00:00:00Z'),
        noInvalidDate: true,
      });
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'optional':
      return fc.option(arbitraryFor(def.innerType, pools, key), { nil: undefined, freq: 4 });
    case 'nullable':
      return fc.option(arbitraryFor(def.innerType, pools, key), { nil: null, freq: 4 });
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return arbitraryFor(def.innerType, pools, key);
    case 'pipe':
      // The stricter side when it has a format (an email, a code's alphabet) that the raw side does not say.
      return hasFormat(def.out) ? arbitraryFor(def.out, pools, key) : arbitraryFor(def.in, pools, key);
    case 'array':
      // Distinct members: lists of roles or categories refuse repeats.
      return fc.uniqueArray(arbitraryFor(def.element, pools, key), { minLength: 1, maxLength: 4 });
    case 'union':
      return fc.oneof(...(def.options ?? []).map((o) => arbitraryFor(o, pools, key)));
    case 'object':
      return fc.record(
        Object.fromEntries(Object.entries(def.shape ?? {}).map(([k, v]) => [k, arbitraryFor(v, pools, k)])),
      );
    default:
      return fc.anything();
  }
}
