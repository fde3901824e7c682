// The server side of the sign-in benches (bench/signin.mjs, bench/retention-purge.mjs): the compiled server (what
// `npm start` runs) on a throwaway data folder, paired kiosks, and the kiosk's sign-in request.
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPairingCode } from '@threshold/api';
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
 * `(kiosk, n) => request`: the n-th sign-in of a concurrent kiosk (one of `clients`), the real payload with a unique
 * name (`run` tells apart loads of the same size in one bench), sent from the pool of paired tablets in turn.
 */
export function kioskSignIn({ agent, url, tokens, docs, clients, run = 0 }) {
  const ref = (d) => ({ documentId: d.id, documentSha256: d.sha256 });
  const png = signaturePng();
  return (kiosk, n) => {
    const fullName = uniqueName(run * 1_000_000 + clients * 1000 + kiosk, n);
    return request(agent, url, {
      method: 'POST',
      path: '/trpc/visits.signIn',
      token: tokens[(kiosk + n * clients) % tokens.length],
      body: {
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
