// The server side of the sign-in benches (bench/signin.mjs, bench/retention-purge.mjs): the compiled server (what
// `npm start` runs) on a throwaway data folder, paired kiosks, and the kiosk's sign-in request.
import { execFileSync, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPairingCode } from '@threshold/api';
import { visitCodeAlphabet, visitCodeLength } from '@threshold/validators';
import { HEAP_FLAGS } from '../apps/server/src/heap-flags.ts';
import { newJourneyKey, request, signaturePng, trpc, uniqueName } from './signin-load.mjs';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function buildServer() {
  execFileSync(process.execPath, [join(repoRoot, 'apps/server/build.mjs')], { stdio: 'inherit' });
}

/**
 * The compiled server on a data folder; resolves once /health answers 200, with the time that took. `profileDir`:
 * where it writes a CPU profile (node --cpu-prof) when it stops; `env`: more environment for it.
 */
export async function startServer(dataDir, port, { workers = 1, profileDir = null, env = {} } = {}) {
  const started = performance.now();
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  // With the node flags `npm start` gives it.
  const child = spawn(process.execPath, [...profile, ...HEAP_FLAGS, join(repoRoot, 'apps/server/dist/main.js')], {
    cwd: repoRoot,
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      THRESHOLD_DATA_DIR: dataDir,
      THRESHOLD_QUIET: '1',
      THRESHOLD_WORKERS: String(workers),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const agent = new http.Agent();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
    const ok = await request(agent, `http://127.0.0.1:${port}`, { path: '/health' }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await sleep(20);
  }
  const startS = (performance.now() - started) / 1000;
  const stop = () =>
    new Promise((resolve) => {
      child.once('exit', resolve);
      process.kill(-child.pid, 'SIGINT');
    });
  return { child, startS, stop, output: () => output };
}

/** `count` tablets paired to the site through the kiosk's own pairing call; their bearer tokens. */
export async function pairKiosks(db, agent, url, site, count) {
  const tokens = [];
  for (let k = 0; k < count; k++) {
    const { code } = await createPairingCode(db, {
      siteId: site.id,
      organisationId: site.organisation_id,
      createdByStaffId: null,
      now: new Date(),
    });
    const paired = await trpc(agent, url, 'kiosk.pair', { code, deviceName: `Bench kiosk ${k + 1}` });
    tokens.push(paired.token);
  }
  return tokens;
}

/**
 * Visit codes set aside for the paired tablets (`tokens` in pairKiosks' order), `perTablet` each, as the heartbeat
 * sets them aside for a real tablet, which sends one with every sign-in: the server then takes the tablet's code (a
 * statement of its own) instead of drawing one. Written at once, enough for a whole run. Returns each tablet's codes.
 */
export async function reserveCodes(owner, site, count, perTablet) {
  const devices = await owner`
    select id, name from kiosk_device where site_id = ${site.id} and name like 'Bench kiosk %'`;
  const byName = new Map(devices.map((d) => [d.name, d.id]));
  const drawn = new Set();
  const letter = () => visitCodeAlphabet[randomInt(visitCodeAlphabet.length)];
  const draw = () => {
    for (;;) {
      const code = Array.from({ length: visitCodeLength }, letter).join('');
      if (drawn.has(code)) continue;
      drawn.add(code);
      return code;
    }
  };
  const rows = [];
  for (let k = 0; k < count; k++) {
    const deviceId = byName.get(`Bench kiosk ${k + 1}`);
    if (!deviceId) throw new Error(`no paired tablet named Bench kiosk ${k + 1}`);
    for (let seq = 1; seq <= perTablet; seq++) rows.push({ site_id: site.id, code: draw(), device_id: deviceId, seq });
  }
  for (let at = 0; at < rows.length; at += 2000) {
    await owner`insert into kiosk_visit_code ${owner(rows.slice(at, at + 2000))} on conflict do nothing`;
  }
  const stored = await owner`
    select d.name, c.code from kiosk_visit_code c join kiosk_device d on d.id = c.device_id
     where d.site_id = ${site.id} and d.name like 'Bench kiosk %' order by c.seq`;
  const codes = new Map();
  for (const { name, code } of stored) codes.set(name, [...(codes.get(name) ?? []), code]);
  return Array.from({ length: count }, (_, k) => codes.get(`Bench kiosk ${k + 1}`) ?? []);
}

/**
 * `(kiosk, n) => request`: the n-th sign-in of a concurrent kiosk (one of `clients`), the real payload with a unique
 * name (`run` tells apart loads of the same size in one bench), sent from the pool of paired tablets in turn, with
 * the tablet's next reserved code when `codes` (reserveCodes) holds one.
 */
export function kioskSignIn({ agent, url, tokens, docs, clients, run = 0, codes = null }) {
  const ref = (d) => ({ documentId: d.id, documentSha256: d.sha256 });
  const png = signaturePng();
  return (kiosk, n) => {
    const fullName = uniqueName(run * 1_000_000 + clients * 1000 + kiosk, n);
    const tablet = (kiosk + n * clients) % tokens.length;
    const visitCode = codes?.[tablet]?.shift();
    return request(agent, url, {
      method: 'POST',
      path: '/trpc/visits.signIn',
      token: tokens[tablet],
      body: {
        ...(visitCode ? { visitCode } : {}),
        idempotencyKey: newJourneyKey(),
        language: 'en',
        fullName,
        organisation: 'Bench Trust',
        category: 'contractor',
        purpose: 'Boiler service',
        hostName: 'Tom Hughes',
        signature: { ...ref(docs.form), typedName: fullName, imagePng: png },
        confidentialityPolicy: ref(docs.confidentialityPolicy),
        disclosurePolicy: ref(docs.disclosurePolicy),
        noPhotography: ref(docs.noPhotography),
      },
    });
  };
}

/**
 * A tablet may record 30 sign-ins a minute and 300 an hour (SIGN_IN_LIMITS), far below a load test: the counters are
 * set back to zero every second, so the limit's statements still run in every sign-in but never refuse one. Returns
 * the function that stops it.
 */
export function keepSignInLimitsOpen(owner) {
  const timer = setInterval(() => {
    // Rows a sign-in holds are skipped (reset next time): waiting on them could deadlock with its two rows.
    owner`
      update rate_limit set count = 0
       where key in (select key from rate_limit where key like 'kiosk-sign-in-%' for update skip locked)`.catch(
      () => {},
    );
  }, 1000);
  return () => clearInterval(timer);
}

/**
 * PostgreSQL as it is once it has run under load for a while. A fresh cluster creates each new 16 MB WAL file under
 * load (zero-filled and synced while every commit waits: 150-250 ms every 2 s at 32 kiosks); a running one reuses the
 * files its checkpoints recycled. So `mb` MB of WAL is written to a scratch table first, then two checkpoints recycle
 * those files. Returns the WAL files then at hand.
 */
export async function warmWal(owner, mb = 640) {
  // A 900-character row costs about 1 KB of WAL.
  await owner`create table bench_wal_warm as select repeat('x', 900) as filler from generate_series(1, ${mb * 1024})`;
  await owner`drop table bench_wal_warm`;
  await owner`checkpoint`;
  await owner`checkpoint`;
  const [{ files }] = await owner`select count(*)::int as files from pg_ls_waldir()`;
  return files;
}
