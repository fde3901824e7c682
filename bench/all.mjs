// `npm run bench`: every bench at its full size, one after another. A bench whose figure misses its limit exits 1
// after recording its figures; the others still run (each measures something else), and this exits 1 at the end.
// A bench alone, with smaller sizes: `npm run bench:<name> -- --visits=…` (see each script's header).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const tsx = ['--import', 'tsx'];
const steps = [
  ['kiosk-bundle', ['bench/kiosk-bundle.mjs']],
  ['audit-chain', [...tsx, 'bench/audit-chain.mjs']],
  ['visit-log', [...tsx, 'bench/visit-log.mjs']],
  ['million', [...tsx, 'bench/million.mjs']],
  ['signin', [...tsx, 'bench/signin.mjs']],
  ['signin-pool', [...tsx, 'bench/signin-pool.mjs']],
  ['retention-purge', [...tsx, 'bench/retention-purge.mjs']],
];

const failed = [];
for (const [name, args] of steps) {
  console.log(`\n== bench ${name}`);
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) failed.push(`${name} (${run.signal ?? `exit ${run.status}`})`);
}
if (failed.length > 0) {
  console.error(
    `\nbenches that missed a limit or failed: ${failed.join(', ')} (see BENCHMARKS.md and the output above)`,
  );
  process.exitCode = 1;
}
