// Prints one closing line for the whole run ("N passed, N failed") from every workspace's vitest JSON reports:
// `.vitest/results.json`, plus `.vitest/reliability.json` where a workspace runs a second suite (the tests
// workspace runs the fault suite with its own config after the e2e suite).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const workspaces = ['apps', 'packages']
  .flatMap((dir) => readdirSync(dir).map((name) => join(dir, name)))
  .concat('tests');
const reportNames = ['results.json', 'reliability.json', 'fuzz.json', 'logscan.json'];
const reports = workspaces
  .flatMap((ws) => reportNames.map((name) => join(ws, '.vitest', name)))
  .filter((file) => existsSync(file));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of reports) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
}
const reporting = new Set(reports.map((file) => file.split('/.vitest/')[0]));
console.log(`\n${reporting.size} workspaces reported tests (${reports.length} reports)`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 || reports.length === 0 ? 1 : 0;
