import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chmod, mkdtemp, readdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createDb } from '../client.ts';
import { startEmbeddedPostgres } from '../embedded.ts';
import { runningPostmaster } from '../embedded-owner.ts';
import { listOrganisations } from '../queries/accounts.ts';
import { type AuditChainAnchor, verifyAuditChain } from '../queries/audit-chain.ts';
import { BackupError, exists } from './backup.ts';
import { type BackupManifest, MANIFEST, parseManifest } from './manifest.ts';

const run = promisify(execFile);

export interface RestoredChain {
  organisationId: string;
  name: string;
  intact: boolean;
  reason: string | null;
  head: AuditChainAnchor | null;
}

export interface RestoreReport {
  dataDir: string;
  manifest: BackupManifest;
  /** Where the data folder that was there before went, when told to replace it. */
  movedAside: string | null;
  chains: RestoredChain[];
}

/**
 * Restores a backup made by backupEmbedded into `dataDir`, which must be new or empty unless `replace` (then the
 * folder there is moved aside, never deleted). The archive is unpacked beside it first and moved into place only
 * once it is known to be a backup. Then the embedded PostgreSQL starts on it once — replaying the backup's WAL until
 * the copy is consistent — and every organisation's audit chain is verified before it is stopped again.
 */
export async function restoreEmbedded(
  file: string,
  dataDir: string,
  options: { replace?: boolean } = {},
): Promise<RestoreReport> {
  const source = resolve(file);
  const root = resolve(dataDir);
  if (!(await exists(source))) throw new BackupError(`There is no backup file ${source}.`);
  // Backups are written readable by their maker only: a backup made as root, restored as the server's own user.
  if (!(await readable(source))) {
    throw new BackupError(
      `${source} cannot be read by the user ${userInfo().username}: backups are readable by the user who made them ` +
        'only. Give the file to this user (chown), or restore as the user the server runs as.',
    );
  }
  const occupied = (await readdir(root).catch(() => [])).length > 0;
  if (occupied && !options.replace) {
    throw new BackupError(
      `The data folder ${root} is not empty. Restore into a new folder (set THRESHOLD_DATA_DIR to it), or give ` +
        '--replace to move this one aside first.',
    );
  }
  if (occupied && (await runningPostmaster(join(root, 'pg'))) !== null) {
    throw new BackupError(`A server is using the data folder ${root}: stop it before restoring over it.`);
  }
  const staging = await mkdtemp(join(dirname(root), `.${basename(root)}.restoring-`));
  let movedAside: string | null = null;
  try {
    const manifest = await unpack(source, staging);
    await chmod(staging, 0o711);
    await chmod(join(staging, 'pg'), 0o700);
    if (userInfo().uid === 0) await giveToPostgresUser(join(staging, 'pg'));
    if (occupied) {
      movedAside = `${root}.before-restore-${new Date().toISOString().replaceAll(':', '-')}`;
      await rename(root, movedAside);
    } else {
      await rmdir(root).catch(() => undefined);
    }
    await rename(staging, root);
    return { dataDir: root, manifest, movedAside, chains: await verifyRestored(root) };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function readable(path: string): Promise<boolean> {
  return access(path, constants.R_OK).then(
    () => true,
    () => false,
  );
}

async function unpack(source: string, into: string): Promise<BackupManifest> {
  try {
    await run('tar', ['-xzf', source, '--no-same-owner', '-C', into]);
  } catch {
    throw new BackupError(`${source} is not a Threshold backup: it cannot be unpacked as a .tar.gz file.`);
  }
  const manifest = parseManifest(await readFile(join(into, MANIFEST), 'utf8').catch(() => ''));
  if (!manifest || !(await exists(join(into, 'pg', 'backup_label')))) {
    throw new BackupError(`${source} is not a Threshold backup: it lacks ${MANIFEST} or the cluster's backup_label.`);
  }
  return manifest;
}

/** Running as root, PostgreSQL runs as the `postgres` user (as the embedded launcher does), who must own its files. */
async function giveToPostgresUser(clusterDir: string) {
  const known = await run('id', ['-u', 'postgres']).then(
    () => true,
    () => false,
  );
  if (!known) {
    await run('groupadd', ['-f', 'postgres']);
    await run('useradd', ['-g', 'postgres', 'postgres']);
  }
  await run('chown', ['-R', 'postgres:postgres', clusterDir]);
}

async function verifyRestored(root: string): Promise<RestoredChain[]> {
  const embedded = await startEmbeddedPostgres(root);
  const handle = createDb(embedded.appUrl, { max: 1 });
  try {
    const chains: RestoredChain[] = [];
    for (const org of await listOrganisations(handle.db)) {
      const report = await verifyAuditChain(handle.db, { organisationId: org.id });
      chains.push({
        organisationId: org.id,
        name: org.name,
        intact: report.intact,
        reason: report.intact ? null : report.reason,
        head: report.intact ? report.head : null,
      });
    }
    return chains;
  } finally {
    await handle.close();
    await embedded.stop();
  }
}
