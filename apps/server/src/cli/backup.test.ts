import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDb,
  insertAuditEvent,
  migrateDatabase,
  roleOf,
  sealAuditChain,
  startEmbeddedPostgres,
} from '@threshold/db';
import { createTestOrganisation } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEnv } from '../env.ts';
import { runBackupCommand } from './backup.ts';

// The commands as main.ts runs them (before any database is opened), on an embedded data folder no server is using.
let work: string;
let organisationId: string;

async function cli(args: string[], vars: Record<string, string>) {
  const out = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await runBackupCommand(args, loadEnv(vars));
    return { code, out: out.mock.calls.join('\n'), err: err.mock.calls.join('\n') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'threshold-cli-backup-'));
  const embedded = await startEmbeddedPostgres(join(work, 'data'), { fast: true });
  await migrateDatabase(embedded.ownerUrl, roleOf(embedded.appUrl));
  const app = createDb(embedded.appUrl, { max: 1 });
  ({
    organisation: { id: organisationId },
  } = await createTestOrganisation(app.db, 'Harbour Trust'));
  for (let n = 0; n < 5; n++) {
    await insertAuditEvent(app.db, {
      organisationId,
      siteId: null,
      actorType: 'system',
      actorId: null,
      type: 'test.event',
      visitId: null,
      data: { n },
    });
  }
  await sealAuditChain(app.db, { organisationId, graceMs: 0 });
  await app.close();
  await embedded.stop();
}, 60_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('npm run threshold -- backup / restore', () => {
  it('backs up with no server running, restores into a new folder and prints the verified audit head', async () => {
    const file = join(work, 'harbour.tar.gz');
    const backup = await cli(['backup', file], { THRESHOLD_DATA_DIR: join(work, 'data') });
    expect(backup).toMatchObject({ code: 0, err: '' });
    expect(backup.out).toContain(`to ${file}`);
    expect(backup.out).toContain('no server was running');

    const restored = await cli(['restore', file], { THRESHOLD_DATA_DIR: join(work, 'restored') });
    expect(restored).toMatchObject({ code: 0, err: '' });
    expect(restored.out).toMatch(
      new RegExp(`Harbour Trust: audit chain intact; head ${organisationId}:5:[0-9a-f]{64}`),
    );

    const again = await cli(['restore', file], { THRESHOLD_DATA_DIR: join(work, 'restored') });
    expect(again.code).toBe(1);
    expect(again.err).toContain(`The data folder ${join(work, 'restored')} is not empty`);
  }, 120_000);

  it("points to the operator's own pg_dump when DATABASE_URL is set, and explains its usage", async () => {
    const result = await cli(['backup', 'x.tar.gz'], { DATABASE_URL: 'postgres://app:pw@127.0.0.1:1/threshold' });
    expect(result.code).toBe(1);
    expect(result.err).toContain('pg_dump --format=custom');
    expect(await cli(['restore'], {})).toMatchObject({
      code: 2,
      err: expect.stringContaining('restore FILE [--replace]'),
    });
    expect(await cli(['audit', 'verify'], {})).toMatchObject({ code: null });
  });
});
