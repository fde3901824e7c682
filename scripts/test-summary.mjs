// Prints one closing line for the whole run ("N passed, N failed") from every workspace's vitest JSON report.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const workspaces = ['apps', 'packages']
  .flatMap((dir) => readdirSync(dir).map((name) => join(dir, name)))
  .concat('tests');
const reports = workspaces.map((ws) => join(ws, '.vitest/results.json')).filter((file) => existsSync(file));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of reports) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
}
console.log(`\n${reports.length} workspaces reported tests`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 || reports.length === 0 ? 1 : 0;
