import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { findRunningEmbedded, startEmbeddedPostgres } from '../embedded.ts';
import { copyCluster } from './copy-cluster.ts';
import { type BackupManifest, DATA_FOLDER_FILES, MANIFEST } from './manifest.ts';

const run = promisify(execFile);

/** A backup or restore that cannot go ahead, for a reason the operator can act on; the message says what to do. */
export class BackupError extends Error {}

export interface BackupReport {
  file: string;
  bytes: number;
  manifest: BackupManifest;
  /** No server was running, so the backup started the embedded PostgreSQL itself (and stopped it again). */
  startedCluster: boolean;
}

/**
 * An online physical backup of the embedded PostgreSQL in `dataDir`, written to `file` (a .tar.gz): the cluster
 * copied between pg_backup_start and pg_backup_stop, the WAL from the one to the other (held by a temporary
 * replication slot so no checkpoint recycles it meanwhile), the backup_label PostgreSQL returns, and the data
 * folder's credentials and auth secret. The server keeps running and serving throughout. The embedded binaries ship
 * no pg_dump or pg_basebackup, and the system's pg_dump refuses a newer server, hence this.
 */
export async function backupEmbedded(dataDir: string, file: string): Promise<BackupReport> {
  const root = resolve(dataDir);
  const clusterDir = join(root, 'pg');
  if (!(await exists(join(clusterDir, 'PG_VERSION')))) {
    throw new BackupError(
      `There is no embedded database in ${root} (set THRESHOLD_DATA_DIR to the server's data folder).`,
    );
  }
  const target = resolve(file);
  if (await exists(target)) throw new BackupError(`${target} already exists: give a new file name.`);
  if (!(await exists(dirname(target)))) throw new BackupError(`The folder ${dirname(target)} does not exist.`);
  const running = await findRunningEmbedded(root);
  const started = running ? null : await startEmbeddedPostgres(root);
  const ownerUrl = running?.ownerUrl ?? started?.ownerUrl ?? '';
  // Next to the backup file rather than in /tmp: the same disk, and /tmp is often a small memory file system.
  const staging = await mkdtemp(join(dirname(target), '.threshold-backup-'));
  const partial = `${target}.partial`;
  try {
    const lsn = await copyOnline(ownerUrl, clusterDir, join(staging, 'pg'));
    const files = ['pg'];
    for (const name of DATA_FOLDER_FILES) {
      if (await exists(join(root, name))) {
        await copyFile(join(root, name), join(staging, name));
        files.push(name);
      }
    }
    const manifest: BackupManifest = {
      format: 1,
      createdAt: new Date().toISOString(),
      postgresVersion: (await readFile(join(clusterDir, 'PG_VERSION'), 'utf8')).trim(),
      ...lsn,
      files,
    };
    await writeFile(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    // Created first so the archive, which holds the credentials and secrets, is never readable by others (a
    // .partial left by an interrupted backup is replaced, as its mode cannot be trusted).
    await rm(partial, { force: true });
    await writeFile(partial, '', { mode: 0o600, flag: 'wx' });
    await run('tar', ['-czf', partial, '--owner=0', '--group=0', '--numeric-owner', '-C', staging, '.']);
    await rename(partial, target);
    return { file: target, bytes: (await stat(target)).size, manifest, startedCluster: started !== null };
  } finally {
    await rm(partial, { force: true });
    await rm(staging, { recursive: true, force: true });
    await started?.stop();
  }
}

/** The copy itself, on one session: a non-exclusive backup belongs to the session that started it. */
async function copyOnline(ownerUrl: string, clusterDir: string, to: string) {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const slot = `threshold_backup_${process.pid}`;
  try {
    await sql`select pg_create_physical_replication_slot(${slot}, true, true)`;
    const [start] = await sql<
      { lsn: string }[]
    >`select pg_backup_start(${`threshold ${new Date().toISOString()}`}, true)::text as lsn`;
    await copyCluster(clusterDir, to);
    const [stop] = await sql<{ lsn: string; labelfile: string; spcmapfile: string | null }[]>`
      select lsn::text, labelfile, spcmapfile from pg_backup_stop(false)`;
    if (!start || !stop) throw new Error('pg_backup_start/stop returned no row');
    await writeFile(join(to, 'backup_label'), stop.labelfile, { mode: 0o600 });
    if (stop.spcmapfile) await writeFile(join(to, 'tablespace_map'), stop.spcmapfile, { mode: 0o600 });
    const [range] = await sql<{ first: string; last: string }[]>`
      select pg_walfile_name(${start.lsn}::pg_lsn) as first, pg_walfile_name(${stop.lsn}::pg_lsn) as last`;
    if (!range) throw new Error('pg_walfile_name returned no row');
    await copyWal(join(clusterDir, 'pg_wal'), join(to, 'pg_wal'), range);
    await sql`select pg_drop_replication_slot(${slot})`;
    return { startLsn: start.lsn, stopLsn: stop.lsn };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The WAL segments from the backup's start to its end (same timeline, so names sort in order) and any history. */
async function copyWal(from: string, to: string, range: { first: string; last: string }) {
  for (const name of await readdir(from)) {
    const segment = /^[0-9A-F]{24}$/.test(name) && name >= range.first && name <= range.last;
    if (segment || name.endsWith('.history')) await copyFile(join(from, name), join(to, name));
  }
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
