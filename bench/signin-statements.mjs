// Every statement and commit that kiosk sign-ins cost the database, from pg_stat_statements: the compiled server on a
// throwaway data folder, one paired kiosk, N sign-ins one after another, then a pause for the work that follows their
// commits (after-commit drain, jobs). An idle window of the same length is counted too, so what background loops run
// anyway (sealer, job polling) can be told apart: the per-sign-in figure is (calls - idle calls) / N.
//
//   node --import tsx bench/signin-statements.mjs [--signins=10] [--wait-ms=2500]
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, findRunningEmbedded, freePort } from '@threshold/db';
import postgres from 'postgres';
import { trpc } from './signin-load.mjs';
import { buildServer, kioskSignIn, pairKiosks, reserveCodes, startServer } from './signin-server.mjs';

function option(name, fallback) {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`));
  return Number(given ? given.slice(name.length + 3) : fallback);
}
const SIGNINS = option('signins', 10);
const WAIT_MS = option('wait-ms', 2500);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dataDir = await mkdtemp(join(tmpdir(), 'threshold-statements-'));
buildServer();
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
// pg_stat_statements must be preloaded: the first start (initdb, seeding) only asks for it.
const first = await startServer(dataDir, port);
const firstDb = await findRunningEmbedded(dataDir);
if (!firstDb) throw new Error('the embedded PostgreSQL is not running');
const setup = postgres(firstDb.ownerUrl, { max: 1, onnotice: () => {} });
await setup`alter system set shared_preload_libraries = 'pg_stat_statements'`;
await setup`alter system set pg_stat_statements.track_utility = on`;
await setup.end();
await first.stop();

const server = await startServer(dataDir, port);
const found = await findRunningEmbedded(dataDir);
if (!found) throw new Error('the embedded PostgreSQL is not running');
const owner = postgres(found.ownerUrl, { max: 1, onnotice: () => {} });

/**
 * Calls per statement of the application role over a window in which `during` runs. (pg_stat_database's commit count
 * is not used: idle backends report it up to 10 s late, and it counts read-only transactions too.)
 */
async function countWindow(during) {
  await owner`select pg_stat_statements_reset()`;
  const started = performance.now();
  await during();
  await sleep(Math.max(0, WAIT_MS - (performance.now() - started)) + WAIT_MS);
  // Time for a drain still running to finish.
  await sleep(1200);
  const rows = await owner`
    select s.query, s.calls::int as calls, (s.total_exec_time + s.total_plan_time)::float8 as ms
      from pg_stat_statements s join pg_roles r on r.oid = s.userid
     where r.rolname <> 'postgres'`;
  return new Map(rows.map((r) => [r.query.replace(/\s+/g, ' ').trim(), { calls: r.calls, ms: r.ms }]));
}

try {
  await owner`create extension if not exists pg_stat_statements`;
  const [site] = await owner`select id, organisation_id from site order by created_at limit 1`;
  const app = createDb(found.appUrl, { max: 1 });
  const agent = new http.Agent({ keepAlive: true });
  const tokens = await pairKiosks(app.db, agent, url, site, 1);
  await app.close();
  const docs = await trpc(agent, url, 'kiosk.documents', { language: 'en' }, { token: tokens[0], query: true });
  const codes = await reserveCodes(owner, site, 1, SIGNINS + 10);
  const signIn = kioskSignIn({ agent, url, tokens, docs, clients: 1, codes });
  // Sign-ins first, so the process's caches and each connection's prepared statements are warm, as under load.
  for (let n = 0; n < 3; n++) await signIn(0, 1000 + n);
  await sleep(WAIT_MS);
  const idle = await countWindow(async () => {});
  const busy = await countWindow(async () => {
    for (let n = 0; n < SIGNINS; n++) {
      const answer = await signIn(0, n);
      if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${answer.text.slice(0, 300)}`);
    }
  });
  await owner`update rate_limit set count = 0`;
  agent.destroy();
  let total = 0;
  let totalMs = 0;
  const lines = [];
  for (const [query, { calls, ms }] of busy) {
    const before = idle.get(query) ?? { calls: 0, ms: 0 };
    const per = (calls - before.calls) / SIGNINS;
    if (per <= 0) continue;
    const perMs = Math.max(0, ms - before.ms) / SIGNINS;
    total += per;
    totalMs += perMs;
    const text = query.length > 180 ? `${query.slice(0, 180)}…` : query;
    lines.push({ per, line: `${per.toFixed(2).padStart(6)} ${perMs.toFixed(3).padStart(7)} ms  ${text}` });
  }
  console.log(' calls  planning+execution per sign-in');
  for (const { line } of lines.sort((a, b) => b.per - a.per)) console.log(line);
  const idleCalls = [...idle.values()].reduce((sum, c) => sum + c.calls, 0);
  console.log(
    `\nper sign-in: ${total.toFixed(2)} statements, ${totalMs.toFixed(2)} ms in PostgreSQL's planner and executor`,
  );
  console.log(`(explicit commits are the 'commit' line; a statement run`);
  console.log(`outside a transaction, as pg-boss's inserts are, commits on its own)`);
  console.log(`background statements in an idle window of the same length: ${idleCalls}`);
} finally {
  await owner.end({ timeout: 5 });
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(0);
