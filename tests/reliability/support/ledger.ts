import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What one fault scenario counted: sign-ins (and sign-outs) the client was told succeeded, against the database. */
export interface FaultTally {
  scenario: string;
  /** Told "stored" by the server (HTTP 200 with a receipt), or, for a tablet, taken into its queue and later sent. */
  acknowledged: number;
  /** Acknowledged records missing from the database after recovery. */
  lost: number;
  /** Records stored more than once (same journey, two rows). */
  duplicated: number;
  /** From the fault's end to the server answering sign-ins again, without anyone's help. */
  recoverySeconds: number;
  /**
   * Everything else the scenario found wrong (a request refused that should have succeeded, a sign-out not stored,
   * a missing audit row or job, a broken chain…); left out by scenarios that count none.
   */
  problems?: number;
}

const dir = fileURLToPath(new URL('../../artifacts/reliability/', import.meta.url));

/** Keeps one scenario's figures for the run's summary (tests/artifacts/reliability/<scenario>.json). */
export async function recordFault(tally: FaultTally): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${tally.scenario}.json`), `${JSON.stringify(tally, null, 2)}\n`);
}

/** Every scenario recorded in this run, then cleared for the next run. */
export async function takeFaults(): Promise<FaultTally[]> {
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json'));
  const tallies = await Promise.all(
    files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as FaultTally),
  );
  await rm(dir, { recursive: true, force: true });
  return tallies.sort((a, b) => a.scenario.localeCompare(b.scenario));
}
