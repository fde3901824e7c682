import { createDb, type LiveListener } from '@threshold/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createContextFactory } from '../context.ts';
import { listenForLiveEvents } from '../live/listener.ts';
import { appRouter } from '../root.ts';
import { createHarness } from '../test-support/harness.ts';
import { createCallerFactory } from '../trpc.ts';
import { createFixtures, type Fixtures } from './fixtures.ts';
import { everyone, type InputAt, type Path, staff, type Who } from './identities.ts';
import { matrix } from './rows.ts';

const h = createHarness();
// live.site needs a listener in its context, as the server has; callerFor has none, so this file builds its own.
const listenHandle = createDb(inject('databaseUrl'), { max: 1 });
let live: LiveListener;
afterAll(async () => {
  await live.close();
  await listenHandle.close();
  await h.close();
});

let f: Fixtures;
beforeAll(async () => {
  live = await listenForLiveEvents(listenHandle.sql);
  f = await createFixtures(h);
});

const paths = Object.keys(matrix) as Path[];

/** The procedures the router really has, by path, with their kind. */
function procedures(): Map<string, string> {
  const flat: Record<string, unknown> = appRouter._def.procedures;
  const kinds = new Map<string, string>();
  for (const [path, proc] of Object.entries(flat)) {
    const def: unknown = typeof proc === 'function' && '_def' in proc ? proc._def : undefined;
    const type = def && typeof def === 'object' && 'type' in def ? def.type : undefined;
    kinds.set(path, typeof type === 'string' ? type : 'unknown');
  }
  return kinds;
}

/** Why a refused identity is refused: no valid credential of the kind the procedure takes, or the wrong role/site. */
function expectedRefusal(path: Path, who: Who): 'UNAUTHORIZED' | 'FORBIDDEN' {
  const deviceProcedure = matrix[path].allowed.some((who) => who === 'kiosk' || who === 'display');
  return !deviceProcedure && staff.includes(who) ? 'FORBIDDEN' : 'UNAUTHORIZED';
}

const createCaller = createCallerFactory(appRouter);
type Invoke = (input: unknown) => Promise<unknown>;

/** Calls `path` as `who`; a subscription must yield its first message (live.site: a resync) and is then left. */
async function invoke(path: Path, who: Who, input: unknown): Promise<unknown> {
  const leave = new AbortController();
  const req = new Request('http://localhost/trpc', { headers: f.headers[who] });
  const caller = createCaller(createContextFactory({ db: h.db, auth: h.auth, live })({ req }), {
    signal: leave.signal,
  });
  const [group, name] = path.split('.');
  // The caller is a proxy: any path resolves to a function, so this lookup cannot miss.
  const fn = (caller as unknown as Record<string, Record<string, Invoke>>)[group ?? '']?.[name ?? ''];
  if (!fn) throw new Error(`no caller for ${path}`);
  const result = await fn(input);
  if (procedures().get(path) !== 'subscription') return result;
  try {
    const iterable = result as AsyncIterable<unknown>;
    const first = await iterable[Symbol.asyncIterator]().next();
    // live.site starts with a resync; a display's board stream with the board itself.
    const opening = path === 'displays.board' ? expect.objectContaining({ kind: 'board' }) : { type: 'resync' };
    expect(first).toEqual({ done: false, value: opening });
    return first.value;
  } finally {
    leave.abort();
  }
}

async function outcome(path: Path, who: Who): Promise<string> {
  try {
    await invoke(path, who, matrix[path].input(f, who));
    return 'ok';
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

// Runs before the matrix, while the alert is still open and the visit still unassigned.
describe('a coordinator of another site, naming their own site', () => {
  const theirs = () => ({ siteId: f.otherSite });
  const cases: { [P in Path]?: () => InputAt<P> } = {
    'visits.detail': () => ({ ...theirs(), visitId: f.visit.board.visitId }),
    'escorts.assign': () => ({ ...theirs(), visitId: f.visit.board.visitId, staffId: f.ids.escort }),
    'alerts.acknowledge': () => ({ ...theirs(), alertId: f.alertId, note: 'Not my site' }),
    'alerts.acknowledgeMany': () => ({ ...theirs(), alertIds: [f.alertId], note: 'Not my site' }),
    'outbox.message': () => ({ ...theirs(), messageId: f.messageId }),
    'escorts.recordTraining': () => ({ ...theirs(), staffId: f.ids.escort, completedOn: '2026-01-05' }),
    'visitLog.timeline': () => ({ ...theirs(), visitId: f.visit.board.visitId }),
    'rollCall.get': () => ({ ...theirs(), rollCallId: f.desk.rollCall.id }),
    'rollCall.mark': () => ({ ...theirs(), entryId: f.desk.rollCall.entryId, accounted: true }),
    'rollCall.close': () => ({ ...theirs(), rollCallId: f.desk.rollCall.id }),
    'reports.exportPage': () => ({ ...theirs(), exportId: f.desk.exportId, after: null }),
  };
  it.each(Object.keys(cases) as Path[])('cannot reach this site’s records through %s', async (path) => {
    const input = cases[path];
    if (!input) throw new Error(`no case for ${path}`);
    await expect(invoke(path, 'otherCoordinator', input())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the authorization matrix', () => {
  it('has exactly one row per procedure of appRouter', () => {
    const real = [...procedures().keys()].sort();
    expect(real.length).toBeGreaterThan(0);
    expect(
      paths.filter((p) => !real.includes(p)),
      'rows for procedures that no longer exist',
    ).toEqual([]);
    expect(
      real.filter((p) => !(paths as string[]).includes(p)),
      'procedures without a row: decide who may call them',
    ).toEqual([]);
  });

  // Refused identities first, so a refusal is checked against state an allowed call has not changed yet.
  it.each(paths)('%s', async (path) => {
    const { allowed } = matrix[path];
    const refusedIds = everyone.filter((who) => !allowed.includes(who));
    const got: Record<string, string> = {};
    for (const who of [...refusedIds, ...allowed]) got[who] = await outcome(path, who);
    const want = Object.fromEntries(refusedIds.map((who) => [who, expectedRefusal(path, who)]));
    expect(Object.fromEntries(refusedIds.map((who) => [who, got[who]]))).toEqual(want);
    // Allowed: it ran, or failed for a domain reason (the fixture was used up by an earlier identity).
    for (const who of allowed) expect(['ok', 'CONFLICT', 'NOT_FOUND'], `${who} calling ${path}`).toContain(got[who]);
  });
});
