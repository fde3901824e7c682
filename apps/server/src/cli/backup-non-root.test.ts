import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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

// docs/operating.md has the server run as its own user, who restores the backups. CI runs as root: there the restore
// runs as `nobody` (runuser), a backup made by root is what it gets; run as any other user, it is that user.
const run = promisify(execFile);
const serverDir = fileURLToPath(new URL('../..', import.meta.url));
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;
let work: string;
let file: string;
let organisationId: string;

/** `restore FILE` in its own process, as the non-root user, the way `npm run threshold --` runs it. */
async function restoreAsServerUser(dataDir: string) {
  const command = [process.execPath, '--import', 'tsx', main, 'restore', file];
  const [bin, ...args] = asRoot ? ['runuser', '-u', 'nobody', '--', ...command] : command;
  const env = { PATH: process.env.PATH ?? '', HOME: work, THRESHOLD_DATA_DIR: dataDir };
  return run(bin ?? '', args, { cwd: serverDir, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'threshold-cli-backup-user-'));
  await chmod(work, 0o755);
  const embedded = await startEmbeddedPostgres(join(work, 'data'), { fast: true });
  await migrateDatabase(embedded.ownerUrl, roleOf(embedded.appUrl));
  const app = createDb(embedded.appUrl, { max: 1 });
  ({
    organisation: { id: organisationId },
  } = await createTestOrganisation(app.db, 'Harbour Trust'));
  for (let n = 0; n < 3; n++) {
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
  file = join(work, 'harbour.tar.gz');
  const quiet = vi.spyOn(console, 'log').mockImplementation(() => {});
  expect(await runBackupCommand(['backup', file], loadEnv({ THRESHOLD_DATA_DIR: join(work, 'data') }))).toBe(0);
  quiet.mockRestore();
  await mkdir(join(work, 'server-user'), { mode: 0o755 });
  if (asRoot) await chown(join(work, 'server-user'), NOBODY, NOBODY);
}, 90_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('restore as the server’s own (non-root) user', () => {
  it('says a backup it may not read cannot be read by it (not that it is no backup)', async () => {
    // As root the backup (0600, root's) is already unreadable to nobody; as its owner, mode 000 does it.
    if (!asRoot) await chmod(file, 0o000);
    const refused = await restoreAsServerUser(join(work, 'server-user', 'data'));
    if (!asRoot) await chmod(file, 0o600);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${file} cannot be read by the user`);
    expect(refused.stderr).toContain('Give the file to this user (chown)');
  }, 60_000);

  it('given the file, restores a data folder that user owns, starts it and verifies the audit chain', async () => {
    if (asRoot) await chown(file, NOBODY, NOBODY);
    const dataDir = join(work, 'server-user', 'data');
    const restored = await restoreAsServerUser(dataDir);
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    expect(restored.stdout).toMatch(
      new RegExp(`Harbour Trust: audit chain intact; head ${organisationId}:3:[0-9a-f]{64}`),
    );
    expect(restored.stdout).not.toContain('Restored as root');
    const owner = asRoot ? NOBODY : process.getuid?.();
    for (const path of [join(dataDir, 'pg'), join(dataDir, 'pg', 'PG_VERSION'), join(dataDir, 'credentials.json')]) {
      expect((await stat(path)).uid).toBe(owner);
    }
  }, 90_000);
});
