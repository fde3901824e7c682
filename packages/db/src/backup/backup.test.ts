import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../client.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../embedded.ts';
import { migrateDatabase, roleOf } from '../migrate.ts';
import { type AuditRow, insertAuditEvent } from '../queries/audit.ts';
import { type AuditChainAnchor, sealAuditChain, verifyAuditChain } from '../queries/audit-chain.ts';
import { createTestOrganisation } from '../testing/fixtures.ts';
import { BackupError, backupEmbedded } from './backup.ts';
import { restoreEmbedded } from './restore.ts';

// A real embedded cluster, backed up while this test keeps writing to it, restored into a new data folder and
// started there: the restored audit chain must verify, and reach the head sealed before the backup but not after.
let work: string;
let source: EmbeddedDatabase;
let app: DbHandle;
let organisationId: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'threshold-backup-'));
  source = await startEmbeddedPostgres(join(work, 'data'), { fast: true });
  await migrateDatabase(source.ownerUrl, roleOf(source.appUrl));
  await writeFile(join(work, 'data', 'auth-secret'), 'a-secret-that-is-long-enough-for-the-server\n');
  await writeFile(join(work, 'data', 'encryption-keys'), 'k1:c2l4dGVlbi1ieXRlcy1vZi1rZXktbWF0ZXJpYWwhIQ==\n');
  app = createDb(source.appUrl, { max: 3 });
  ({
    organisation: { id: organisationId },
  } = await createTestOrganisation(app.db, 'Backed up'));
}, 60_000);

afterAll(async () => {
  await app?.close();
  await source?.stop();
  await rm(work, { recursive: true, force: true });
});

const event = (n: number): AuditRow => ({
  organisationId,
  siteId: null,
  actorType: 'system',
  actorId: null,
  type: 'test.event',
  visitId: null,
  data: { n },
});

async function sealedHead(handle: DbHandle): Promise<AuditChainAnchor> {
  await sealAuditChain(handle.db, { organisationId, graceMs: 0 });
  const report = await verifyAuditChain(handle.db, { organisationId });
  if (!report.intact || !report.head) throw new Error('chain not intact before the backup');
  return report.head;
}

describe('backup and restore of the embedded PostgreSQL', () => {
  it('backs up a running server under writes, and the restore starts with a verified audit chain', async () => {
    for (let n = 0; n < 50; n++) await insertAuditEvent(app.db, event(n));
    const beforeBackup = await sealedHead(app);

    let writing = true;
    const writes = (async () => {
      for (let n = 1000; writing; n++) await insertAuditEvent(app.db, event(n));
    })();
    const file = join(work, 'backup.tar.gz');
    const report = await backupEmbedded(join(work, 'data'), file);
    writing = false;
    await writes;
    expect(report.startedCluster).toBe(false);
    expect(report.manifest.files).toEqual(['pg', 'credentials.json', 'auth-secret', 'encryption-keys']);
    expect(report.bytes).toBeGreaterThan(1_000_000);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    for (let n = 2000; n < 2010; n++) await insertAuditEvent(app.db, event(n));
    const afterBackup = await sealedHead(app);
    expect(afterBackup.seq).toBeGreaterThan(beforeBackup.seq);

    const restored = await restoreEmbedded(file, join(work, 'restored'));
    expect(restored.movedAside).toBeNull();
    expect(restored.chains).toEqual([expect.objectContaining({ organisationId, name: 'Backed up', intact: true })]);
    expect(await readdir(join(work, 'restored'))).toEqual(
      expect.arrayContaining(['pg', 'credentials.json', 'auth-secret', 'encryption-keys']),
    );

    const again = await startEmbeddedPostgres(join(work, 'restored'), { fast: true });
    const copy = createDb(again.appUrl, { max: 1 });
    try {
      // As the server does at every start.
      await migrateDatabase(again.ownerUrl, roleOf(again.appUrl));
      expect(await verifyAuditChain(copy.db, { organisationId, anchor: beforeBackup })).toMatchObject({
        intact: true,
      });
      // The head a server logged after the backup is beyond the restored chain: verify --head says entries are gone.
      expect(await verifyAuditChain(copy.db, { organisationId, anchor: afterBackup })).toMatchObject({
        intact: false,
        reason: expect.stringContaining('removed from the end'),
      });
    } finally {
      await copy.close();
      await again.stop();
    }
  }, 120_000);

  it('refuses a data folder that is not empty unless told to replace it, and then moves it aside', async () => {
    const file = join(work, 'second.tar.gz');
    await backupEmbedded(join(work, 'data'), file);
    const occupied = join(work, 'occupied');
    await mkdir(occupied);
    await writeFile(join(occupied, 'something'), 'kept');
    await expect(restoreEmbedded(file, occupied)).rejects.toThrow(/is not empty.*--replace/s);

    const replaced = await restoreEmbedded(file, occupied, { replace: true });
    expect(replaced.chains.every((c) => c.intact)).toBe(true);
    expect(replaced.movedAside).not.toBeNull();
    expect(await readdir(replaced.movedAside ?? '')).toEqual(['something']);
  }, 120_000);

  it('says plainly when the file is not a backup or already exists', async () => {
    const notBackup = join(work, 'not-a-backup.tar.gz');
    await writeFile(notBackup, 'hello');
    await expect(restoreEmbedded(notBackup, join(work, 'never'))).rejects.toThrow(
      new BackupError(`${notBackup} is not a Threshold backup: it cannot be unpacked as a .tar.gz file.`),
    );
    await expect(backupEmbedded(join(work, 'data'), notBackup)).rejects.toThrow(/already exists/);
  });
});
