// Shared by the benchmark scripts: merge figures into bench/results.json and rewrite BENCHMARKS.md's table.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const resultsFile = fileURLToPath(new URL('./results.json', import.meta.url));
const tableFile = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

/**
 * `figures`: { key: { value, unit, limit, description, better? } } — a limit of null means "reported, not enforced";
 * `better: 'higher'` for rates (the value must reach the limit), otherwise lower is better (the value must stay under).
 */
export function recordResults(figures) {
  const all = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  const measuredAt = new Date().toISOString();
  for (const [key, figure] of Object.entries(figures)) all[key] = { ...figure, measuredAt };
  writeFileSync(resultsFile, `${JSON.stringify(all, null, 2)}\n`);
  const rows = Object.entries(all).map(
    ([key, f]) =>
      `| \`${key}\` | ${f.value} ${f.unit} | ${f.limit ?? '—'} | ${verdict(f)} | ${f.description} | ${f.measuredAt.slice(0, 10)} |`,
  );
  writeFileSync(
    tableFile,
    [
      '# Benchmarks',
      '',
      'Written by the scripts in `bench/` (raw figures in `bench/results.json`). Run `npm run bench`.',
      '',
      '| figure | measured | limit | verdict | what it is | date |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

const misses = (f) =>
  f.limit === null || f.limit === undefined ? false : f.better === 'higher' ? f.value < f.limit : f.value > f.limit;

function verdict(f) {
  if (f.limit === null || f.limit === undefined) return 'reported';
  if (f.better === 'higher') return misses(f) ? '**under**' : 'meets';
  return misses(f) ? '**over**' : 'within';
}

/** Says which figures miss their limit, on stderr; how many. */
export function reportMisses(figures) {
  const missed = Object.entries(figures).filter(([, f]) => misses(f));
  for (const [key, f] of missed) console.error(`${key}: ${f.value} ${f.unit} misses the limit of ${f.limit}`);
  return missed.length;
}
