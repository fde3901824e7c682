import { appRouter } from '@threshold/api';
import { describe, expect, it } from 'vitest';

/**
 * Every string a procedure accepts refuses NUL (PostgreSQL cannot store it) and lone surrogates, whatever else it
 * checks: free text through the validators' text(), ids and codes through their format. Read from the schemas
 * themselves, so a new field written as a bare z.string() fails here before any request is made.
 */
interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  innerType?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
  element?: { _zod: { def: Def } };
}
type Schema = { _zod: { def: Def }; safeParse: (v: unknown) => { success: boolean } };

/** The schemas that first see a string a client sent: a pipe's input side, inside optionals, lists and objects. */
function stringLeaves(schema: Schema, path: string, out: { path: string; schema: Schema }[] = []) {
  const def = schema._zod.def;
  const inner = def.innerType ?? def.in ?? def.element;
  if (def.type === 'string') out.push({ path, schema });
  else if (def.type === 'object') {
    for (const [k, v] of Object.entries(def.shape ?? {})) stringLeaves(v as Schema, path ? `${path}.${k}` : k, out);
  } else if (inner) stringLeaves(inner as Schema, path, out);
  return out;
}

const procedures = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, { _def: { inputs: Schema[] } }> } })._def.procedures,
);
const leaves = procedures.flatMap(([name, p]) =>
  p._def.inputs.flatMap((input) => stringLeaves(input, '').map((leaf) => ({ field: `${name} ${leaf.path}`, ...leaf }))),
);

describe('every string field of every procedure', () => {
  it('has string fields to check (the walk reaches them)', () => {
    expect(leaves.length).toBeGreaterThan(40);
  });

  it.each(['Ann\u0000', 'Ann\uD800', '\uDFFFAnn', 'Ann\u001b'])('refuses %j', (hostile) => {
    const accepted = leaves.filter((leaf) => leaf.schema.safeParse(hostile).success).map((leaf) => leaf.field);
    expect(accepted).toEqual([]);
  });
});
