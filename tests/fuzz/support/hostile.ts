import fc from 'fast-check';

/** How an input was made hostile; a request-level refusal (no field named) is right only for the last two. */
export type Mutation = 'none' | 'value' | 'extra-key' | 'missing-key' | 'whole-input' | 'deep' | 'envelope';

export interface HostileInput {
  mutation: Mutation;
  /** The value the client's superjson would send; or, for `envelope`, the raw JSON body itself. */
  value: unknown;
}

const hostileStrings = fc.oneof(
  fc.string().map((s) => `${s}\u0000${s}`),
  fc.string().map((s) => `${s}\uD800`),
  fc.constantFrom('\uDFFF', 'a\uDBFFb', '\u0000', '\u0007\u001b[31m', '\u007f', '\u0085', '\u202Eevil', '\uFEFF'),
  fc.constantFrom('', ' ', '\t\n', "'; drop table visit; --", '%s%n%x', '{{7*7}}', '<script>alert(1)</script>'),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'NaN',
    '-1',
    '1e309',
    '0x10',
    '99999999999999999999',
    '9223372036854775808',
    '2147483648',
  ),
  fc.constantFrom(
    '0000-01-01',
    '9999-12-31',
    '-271821-04-20',
    '2024-02-30',
    '2024-13-01',
    '294277-01-01',
    '1970-01-01',
  ),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'not-a-uuid'),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

// Long: over every field's limit; rarely over the request's 1 MB (http-limits.test.ts covers that edge itself).
const longStrings = fc.oneof(
  { arbitrary: fc.integer({ min: 1_000, max: 120_000 }).map((n) => 'x'.repeat(n)), weight: 20 },
  { arbitrary: fc.constant('é'.repeat(600_000)), weight: 1 },
);

const hostileNumbers = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 2 ** 63, 1e308, -1e308),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE),
  fc.double(),
  fc.integer(),
);

const hostileDates = fc.constantFrom(
  new Date(Number.NaN),
  new Date(-8.64e15),
  new Date(8.64e15),
  new Date(0),
  new Date('0001-01-01T00:00:00Z'),
  new Date('9999-12-31T23:59:59Z'),
);

/** Nesting from shallow to far past the 32-level limit; either kind of container. */
const deepValue = fc.tuple(fc.integer({ min: 2, max: 80 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
});

const oddValues = fc.oneof(
  fc.constantFrom(null, undefined, true, false, [], {}, 2n ** 64n, -1n),
  fc.constantFrom(new Map([['a', 1]]), new Set([1, 2]), /(a+)+$/, new Error('boom')),
  fc.array(fc.constant('x'), { minLength: 1000, maxLength: 20_000 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { minKeys: 50, maxKeys: 500 }),
  fc.anything({ maxDepth: 3 }),
);

export const hostileValue = fc.oneof(
  { arbitrary: hostileStrings, weight: 6 },
  { arbitrary: longStrings, weight: 1 },
  { arbitrary: hostileNumbers, weight: 2 },
  { arbitrary: hostileDates, weight: 1 },
  { arbitrary: oddValues, weight: 2 },
);

type Path = (string | number)[];

/** Every place in a value a mutation can land: the paths of its objects' and arrays' members. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(path);
      pathsOf(v, path, out);
    }
  }
  return out;
}

function clone(value: unknown): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map(clone);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
  return value;
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | null {
  let node = root;
  for (const step of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[step];
  return node && typeof node === 'object' ? (node as Record<string | number, unknown>) : null;
}

/** Superjson envelopes no client sends: metadata naming absent paths, unknown types, or values of the wrong kind. */
const envelope = (valid: unknown) =>
  fc.oneof(
    fc.constantFrom(
      { json: valid, meta: { values: { 'a.b.c': ['Date'] } } },
      { json: { when: 'garbage' }, meta: { values: { when: ['Date'] } } },
      { json: { n: 'x' }, meta: { values: { n: ['bigint'] } } },
      { json: { s: 'x' }, meta: { values: { s: ['set'] } } },
      { json: { r: '/(a+)+$/' }, meta: { values: { r: ['regexp'] } } },
      { json: { c: 1 }, meta: { values: { c: [['custom', 'nope']] } } },
      { json: {}, meta: { values: { __proto__: ['Date'] } } },
      { json: {}, meta: { referentialEqualities: { a: ['b'] } } },
      { json: {}, meta: 'not metadata' },
      { meta: { values: {} } },
      [1, 2, 3],
      'just a string',
    ),
    fc.anything({ maxDepth: 4 }).map((json) => ({ json, meta: { values: { '': ['undefined'] } } })),
  );

/** A valid-looking input, sometimes left alone, mostly made hostile in one place. */
export function hostileInput(valid: fc.Arbitrary<unknown>): fc.Arbitrary<HostileInput> {
  return valid.chain((base) => {
    const paths = pathsOf(base);
    const at = paths.length > 0 ? fc.constantFrom(...paths) : fc.constant(null);
    const replace = (mutation: Mutation, value: fc.Arbitrary<unknown>) =>
      fc.tuple(at, value).map(([path, v]): HostileInput => {
        if (!path) return { mutation: mutation === 'value' ? 'whole-input' : mutation, value: v };
        const copy = clone(base);
        const parent = parentOf(copy, path);
        if (parent) parent[path[path.length - 1] as string] = v;
        return { mutation, value: copy };
      });
    return fc.oneof(
      { arbitrary: fc.constant<HostileInput>({ mutation: 'none', value: base }), weight: 2 },
      { arbitrary: replace('value', hostileValue), weight: 10 },
      { arbitrary: replace('deep', deepValue), weight: 1 },
      {
        arbitrary: fc
          .tuple(fc.constantFrom('__proto__', 'constructor', 'extra', 'siteId '), hostileValue)
          .map(([k, v]): HostileInput => {
            const copy = clone(base);
            // defineProperty: an own key even for "__proto__", as JSON.parse would make it on the server.
            if (copy && typeof copy === 'object') Object.defineProperty(copy, k, { value: v, enumerable: true });
            return { mutation: 'extra-key', value: copy };
          }),
        weight: 1,
      },
      {
        arbitrary: at.map((path): HostileInput => {
          const copy = clone(base);
          const parent = path ? parentOf(copy, path) : null;
          if (path && parent) delete parent[path[path.length - 1] as string];
          return { mutation: 'missing-key', value: copy };
        }),
        weight: 1,
      },
      { arbitrary: hostileValue.map((value): HostileInput => ({ mutation: 'whole-input', value })), weight: 1 },
      { arbitrary: envelope(base).map((value): HostileInput => ({ mutation: 'envelope', value })), weight: 1 },
    );
  });
}
