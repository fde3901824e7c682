import { appRouter } from '@threshold/api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, call, type Identity, problemWith } from './support/call.ts';
import { arbitraryFor, type Pools } from './support/from-schema.ts';
import { type HostileInput, hostileInput } from './support/hostile.ts';
import { type Stage, setStage } from './support/stage.ts';

/**
 * Every procedure of the app router, called over real HTTP on the real server (superjson, request limits, tiers and
 * PostgreSQL all in the path) with inputs built from its own zod schema and then made hostile. Property: no answer
 * is 5xx, and every 400 names the field it is about. THRESHOLD_FUZZ_RUNS inputs per procedure (`npm run test:fuzz`
 * runs 10,000); THRESHOLD_FUZZ_SEED repeats a run.
 */
const runs = Number(process.env.THRESHOLD_FUZZ_RUNS ?? 50);
const seed = Number(process.env.THRESHOLD_FUZZ_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = 6;
/**
 * Kiosk sign-out paces attempts per device on purpose (one per 2 s, each waiting up to 10 s, so codes cannot be
 * guessed quickly): its inputs are spread over enough paired tablets that each sends at most 100, and sent more at
 * once so the waits overlap.
 */
const SIGN_OUTS_PER_KIOSK = 100;
const paced: Record<string, { concurrency: number }> = { 'visits.signOut': { concurrency: 60 } };
/** Only the procedures whose path contains this (to repeat one procedure's run). */
const only = process.env.THRESHOLD_FUZZ_ONLY ?? '';

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  inputs: unknown[];
}
const procedures = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, { _def: ProcedureDef }> } })._def.procedures,
)
  .map(([path, p]) => ({ path, type: p._def.type, inputs: p._def.inputs }))
  .filter((p) => p.path.includes(only));

/** The procedure's inputs are merged (a staff tier's `siteId`, then the procedure's own), as tRPC merges them. */
function validInput(inputs: unknown[], pools: Pools): fc.Arbitrary<unknown> {
  if (inputs.length === 0) return fc.constant(undefined);
  return fc
    .tuple(...inputs.map((schema) => arbitraryFor(schema, pools)))
    .map((parts) =>
      parts.every((p) => p && typeof p === 'object' && !Array.isArray(p)) ? Object.assign({}, ...parts) : parts.at(-1),
    );
}

let stage: Stage;
const totals = { inputs: 0, procedures: 0, ok: 0, '4xx': 0, '5xx': 0 };
const byStatus = new Map<number, number>();
const started = Date.now();

beforeAll(async () => {
  stage = await setStage({ extraKiosks: Math.ceil(runs / SIGN_OUTS_PER_KIOSK) - 1 });
});

afterAll(async () => {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const statuses = [...byStatus]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  console.log(
    `fuzz: ${totals.inputs} inputs to ${totals.procedures} procedures (${runs} each, seed ${seed}) in ${seconds} s: ` +
      `${totals.ok} 2xx, ${totals['4xx']} 4xx, ${totals['5xx']} 5xx [${statuses}]`,
  );
  await stage?.close();
});

/** The callers that get past the procedure's tier with one of a few well-formed inputs; everyone if nobody does. */
async function relevantCallers(path: string, type: ProcedureDef['type'], inputs: unknown[]): Promise<Identity[]> {
  const passes: Identity[] = [];
  for (const identity of stage.identities) {
    for (const value of inputs) {
      const answer = await call(stage.server.url, path, type, { mutation: 'none', value }, identity, false);
      if (answer.status !== 401 && answer.status !== 403) {
        passes.push(identity);
        break;
      }
    }
  }
  return passes.length > 0 ? passes : stage.identities;
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < items.length; i = next++) await work(items[i] as T, i);
    }),
  );
}

const callerNames = (callers: Identity[]) =>
  callers.length > 6 ? `${callers.length} kiosks` : callers.map((c) => c.name).join('/');

const summary = (input: HostileInput) => {
  const text = JSON.stringify(input.value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(input.value);
  return `${input.mutation} ${text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text}`;
};

describe(`hostile input never 5xx (${runs} inputs per procedure)`, () => {
  it.each(procedures)('$path', async ({ path, type, inputs }) => {
    await stage.keepSessionsAlive();
    const valid = validInput(inputs, stage.pools);
    const pace = paced[path];
    const relevant = await relevantCallers(path, type, fc.sample(valid, { numRuns: 4, seed }));
    const callers = pace ? [...relevant, ...stage.extraKiosks] : relevant;
    const samples = fc.sample(hostileInput(valid), {
      numRuns: type === 'subscription' ? Math.min(runs, 200) : runs,
      seed,
    });
    const problems: string[] = [];
    const mine = { ok: 0, '4xx': 0, '5xx': 0 };
    const began = Date.now();
    await inParallel(samples, pace?.concurrency ?? CONCURRENCY, async (input, i) => {
      const identity = callers[i % callers.length] as Identity;
      let answer: Answer;
      try {
        answer = await call(stage.server.url, path, type, input, identity, i % 3 === 0);
      } catch (err) {
        // Counted as a failure too: the server must answer every request.
        answer = { status: 599, message: `no answer: ${String(err)}`, fieldErrors: [] };
      }
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      totals.inputs++;
      const kind = answer.status >= 500 ? '5xx' : answer.status >= 400 ? '4xx' : 'ok';
      totals[kind]++;
      mine[kind]++;
      const problem = problemWith(answer, input.mutation);
      if (problem && problems.length < 5) {
        problems.push(`as ${identity.name}: ${problem}\n    input: ${summary(input)}`);
        // At once, so a long run stopped part-way still shows what it found.
        console.log(`fuzz problem ${path} (seed ${seed}) ${problems.at(-1)}`);
      }
    });
    totals.procedures++;
    // One line per procedure, so a long run that is stopped part-way still tells what it covered.
    console.log(
      `fuzz ${path}: ${samples.length} inputs as ${callerNames(callers)} in ${Date.now() - began} ms: ` +
        `${mine.ok} 2xx, ${mine['4xx']} 4xx, ${mine['5xx']} 5xx`,
    );
    expect(problems, `seed ${seed}`).toEqual([]);
  });
});
