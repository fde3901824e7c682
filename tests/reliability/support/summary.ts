import { type FaultTally, takeFaults } from './ledger.ts';
import { RECOVERY_LIMIT_SECONDS, sizes } from './sizes.ts';

interface Figure {
  value: number;
  unit: string;
  limit: number | null;
  description: string;
}

/**
 * The reliability run's global setup: clears figures a crashed earlier run may have left, and after every file has
 * run (including scenarios other files record, such as offline-tablet) prints one table and writes the figures to
 * bench/results.json and BENCHMARKS.md.
 */
export default async function setup() {
  await takeFaults();
  return async function teardown() {
    const faults = await takeFaults();
    if (faults.length === 0) {
      console.log('\n[fault] no scenario recorded figures in this run');
      return;
    }
    console.log(`\n${table(faults)}\n`);
    await recordResults(figures(faults));
  };
}

function table(faults: FaultTally[]): string {
  const header = ['scenario', 'acknowledged', 'lost', 'duplicated', 'other problems', 'recovery (s)'];
  const rows = faults.map((f) =>
    [f.scenario, f.acknowledged, f.lost, f.duplicated, f.problems ?? '—', f.recoverySeconds].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [
    `Fault injection (${sizes.kiosks} kiosks, ${sizes.loadSeconds} s of load per scenario)`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}

function figures(faults: FaultTally[]): Record<string, Figure> {
  const sum = (pick: (f: FaultTally) => number) => faults.reduce((n, f) => n + pick(f), 0);
  const run = `${faults.length} scenarios, ${sizes.kiosks} kiosks, ${sizes.loadSeconds} s of load each`;
  const all: Record<string, Figure> = {
    fault_acknowledged: {
      value: sum((f) => f.acknowledged),
      unit: 'sign-ins',
      limit: null,
      description: `sign-ins acknowledged to kiosks during fault injection (${run})`,
    },
    fault_lost: {
      value: sum((f) => f.lost),
      unit: 'sign-ins',
      limit: 0,
      description: 'acknowledged sign-ins missing from the database after recovery, all scenarios',
    },
    fault_duplicated: {
      value: sum((f) => f.duplicated),
      unit: 'sign-ins',
      limit: 0,
      description: 'sign-ins stored more than once (one journey, two visit rows), all scenarios',
    },
    fault_problems: {
      value: sum((f) => f.problems ?? 0),
      unit: 'problems',
      limit: 0,
      description:
        'other failures under fault, all scenarios: requests refused that should have succeeded, journeys never acknowledged, sign-outs, audit rows or jobs not as acknowledged, broken audit chain (each listed in the run’s output)',
    },
    fault_recovery_s: {
      value: Math.max(...faults.map((f) => f.recoverySeconds)),
      unit: 's',
      limit: RECOVERY_LIMIT_SECONDS,
      description: `worst scenario: from the fault's end to sign-ins acknowledged again, unaided (${worst(faults)})`,
    },
  };
  for (const f of faults) {
    all[`fault_${f.scenario.replace(/[^a-z0-9]+/gi, '_')}_recovery_s`] = {
      value: f.recoverySeconds,
      unit: 's',
      limit: RECOVERY_LIMIT_SECONDS,
      description: `${f.scenario}: ${f.acknowledged} acknowledged, ${f.lost} lost, ${f.duplicated} duplicated${f.problems ? `, ${f.problems} other problems` : ''}; recovery from the fault's end`,
    };
  }
  return all;
}

function worst(faults: FaultTally[]): string {
  return [...faults].sort((a, b) => b.recoverySeconds - a.recoverySeconds)[0]?.scenario ?? '';
}

/** bench/results.mjs is plain JavaScript shared with the benchmark scripts, so it is loaded by path. */
async function recordResults(figures: Record<string, Figure>): Promise<void> {
  const module = new URL('../../../bench/results.mjs', import.meta.url).href;
  const { recordResults: record } = (await import(module)) as { recordResults: (f: Record<string, Figure>) => void };
  record(figures);
}
