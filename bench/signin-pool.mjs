// How big each server process's request pool should be (THRESHOLD_DB_POOL): the full kiosk sign-in over HTTP at 32
// paired kiosks, against the compiled server restarted with each pool size in turn (every size once per round, so a
// noisy minute on this shared machine falls on all of them), on one embedded PostgreSQL. Reports each size's
// sign-ins/s, p99 and CPU per sign-in, and whether the default reaches 80 % of the best size's rate in the same run
// (from 10 up the sizes differed by less than this machine's noise; 4 lost 8-18 % in every sweep).
//
//   node --import tsx bench/signin-pool.mjs [--sizes=2,4,10,20] [--rounds=3] [--seconds=5] [--kiosks=32]

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, findRunningEmbedded, freePort } from '@threshold/db';
import postgres from 'postgres';
import { recordResults, reportMisses } from './results.mjs';
import { processUsage, runLoad, summarise, trpc } from './signin-load.mjs';
import { buildServer, keepSignInLimitsOpen, kioskSignIn, pairKiosks, startServer, warmWal } from './signin-server.mjs';

function option(name, fallback) {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`));
  return given ? given.slice(name.length + 3) : fallback;
}
const SIZES = option('sizes', '4,10,20,32').split(',').map(Number);
const ROUNDS = Number(option('rounds', '4'));
const SECONDS = Number(option('seconds', '5'));
const KIOSKS = Number(option('kiosks', '32'));
// THRESHOLD_DB_POOL's default (apps/server/src/env.ts).
const DEFAULT_POOL = 10;
// Tablets the concurrent kiosks turn through (see signin.mjs: their limits are kept open).
const TABLETS = 128;
const round = (n, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

const dataDir = await mkdtemp(join(tmpdir(), 'threshold-pool-'));
buildServer();
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const agent = new http.Agent({ keepAlive: true, maxSockets: KIOSKS });
// The first start creates and seeds the cluster; the kiosks are paired once and kept across restarts.
let tokens = null;
let docs = null;

/** One turn: the server with this pool size, a warm-up, then SECONDS of sign-ins measured. */
async function turn(size, run) {
  const server = await startServer(dataDir, port, { env: { THRESHOLD_DB_POOL: String(size) } });
  const found = await findRunningEmbedded(dataDir);
  if (!found) throw new Error('the embedded PostgreSQL is not running');
  const owner = postgres(found.ownerUrl, { max: 1, onnotice: () => {} });
  const app = createDb(found.appUrl, { max: 2 });
  const stopResetting = keepSignInLimitsOpen(owner);
  try {
    if (!tokens) {
      const [site] = await owner`select id, organisation_id from site order by created_at limit 1`;
      tokens = await pairKiosks(app.db, agent, url, site, TABLETS);
      docs = await trpc(agent, url, 'kiosk.documents', { language: 'en' }, { token: tokens[0], query: true });
      // Kept across restarts, as the kiosks are.
      await warmWal(owner);
    }
    const signIn = kioskSignIn({ agent, url, tokens, docs, clients: KIOSKS, run });
    await runLoad({ clients: KIOSKS, seconds: 2, send: signIn });
    const postmaster = Number((await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const before = processUsage(server.child.pid, postmaster);
    const load = await runLoad({ clients: KIOSKS, seconds: SECONDS, send: signIn });
    const after = processUsage(server.child.pid, postmaster);
    if (load.errors > 0) throw new Error(`pool ${size}: ${load.errors} sign-ins failed (${load.firstError})`);
    return { ...load, nodeS: after.nodeS - before.nodeS, pgS: after.pgS - before.pgS };
  } finally {
    stopResetting();
    await owner.end();
    await app.close();
    await server.stop();
  }
}

const turns = new Map(SIZES.map((size) => [size, []]));
try {
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, size] of SIZES.entries()) {
      const t = await turn(size, r * SIZES.length + i + 1);
      turns.get(size)?.push(t);
      console.log(`round ${r + 1}, pool ${size}: ${t.perS.toFixed(0)} sign-ins/s, p99 ${t.p99.toFixed(0)} ms`);
    }
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const bySize = SIZES.map((size) => {
  const all = turns.get(size) ?? [];
  const load = summarise(all);
  const done = all.reduce((sum, t) => sum + t.done, 0);
  const cpuMs = (key) => (1000 * all.reduce((sum, t) => sum + t[key], 0)) / done;
  return { size, perS: load.perS, p99: load.p99, nodeMs: cpuMs('nodeS'), pgMs: cpuMs('pgS') };
});
const best = bySize.reduce((a, b) => (b.perS > a.perS ? b : a));
const chosen = bySize.find((s) => s.size === DEFAULT_POOL);
const figures = Object.fromEntries(
  bySize.map((s) => [
    `signin_pool_${s.size}_per_s_c${KIOSKS}`,
    {
      value: round(s.perS),
      unit: 'sign-ins/s',
      limit: null,
      better: 'higher',
      description: `full kiosk sign-in over HTTP at ${KIOSKS} paired kiosks with THRESHOLD_DB_POOL=${s.size}, ${ROUNDS} turns of ${SECONDS} s taken in turn with the other sizes (${SIZES.join(', ')}); p99 ${round(s.p99, 1)} ms; CPU per sign-in node ${round(s.nodeMs, 2)} ms, PostgreSQL ${round(s.pgMs, 2)} ms`,
    },
  ]),
);
if (chosen) {
  figures[`signin_pool_default_share_c${KIOSKS}`] = {
    value: round((100 * chosen.perS) / best.perS),
    unit: '%',
    limit: 80,
    better: 'higher',
    description: `sign-ins/s of the default pool (${DEFAULT_POOL}) as a share of the best size's in the same run (${best.size}: ${round(best.perS)}/s)`,
  };
}
recordResults(figures);
for (const s of bySize) {
  console.log(
    `pool ${s.size}: ${s.perS.toFixed(0)} sign-ins/s, p99 ${s.p99.toFixed(0)} ms, node ${s.nodeMs.toFixed(2)} ms, PostgreSQL ${s.pgMs.toFixed(2)} ms per sign-in`,
  );
}
if (reportMisses(figures) > 0) process.exitCode = 1;
