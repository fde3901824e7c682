import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRunningEmbedded } from '@threshold/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './run.ts';

// docs/operating.md, the embedded database: `create-admin` runs before the server has ever started, so the data
// folder does not exist yet and no keys are configured (the key file is generated inside that folder).
let work: string;
let dataDir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'threshold-cli-first-'));
  dataDir = join(work, 'data');
});

afterAll(() => rm(work, { recursive: true, force: true }));

async function cli(args: string[]) {
  const out = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await runCli(args, { THRESHOLD_DATA_DIR: dataDir, DATABASE_URL: '', DATABASE_OWNER_URL: '' });
    return { code, stdout: out.mock.calls.join('\n'), stderr: err.mock.calls.join('\n') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('create-admin on a data folder that does not exist yet', () => {
  it('creates the folder and its key file, the organisation, site and admin, and stops the cluster', async () => {
    const run = await cli([
      'create-admin',
      '--email',
      'first@example.org',
      '--name',
      'First Admin',
      '--organisation',
      'Harbour Trust',
      '--site-name',
      'Harbour House',
      '--time-zone',
      'Europe/Paris',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Created admin first@example\.org at site [0-9a-f-]{36}\./);
    expect(await readFile(join(dataDir, 'encryption-keys'), 'utf8')).toMatch(/^k1:[A-Za-z0-9+/=]{44}\n$/);
    expect((await stat(join(dataDir, 'encryption-keys'))).mode & 0o777).toBe(0o600);
    expect(await findRunningEmbedded(dataDir)).toBeNull();

    const listed = await cli(['sites', 'list']);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toContain('Harbour Trust / Harbour House\tEurope/Paris');
  }, 90_000);
});
