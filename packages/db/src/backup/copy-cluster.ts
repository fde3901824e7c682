import { chmod, copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What a base backup leaves out, as pg_basebackup does: these folders' contents are recreated or useless on a new
 * server, and these files describe the running server, not the data. pg_wal is copied separately (only the WAL
 * the backup needs).
 */
const EMPTY_DIRS = new Set([
  'pg_wal',
  'pg_stat_tmp',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_subtrans',
]);
const SKIP_FILES = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'pg_internal.init',
  'backup_label',
  'tablespace_map',
  'current_logfiles',
]);

/**
 * Copies a running cluster's folder file by file. Files change while they are read and some vanish (a dropped
 * table); both are expected in an online backup: replaying the backup's WAL repairs torn pages, and a vanished
 * file belonged to something the WAL also removes.
 */
export async function copyCluster(from: string, to: string, depth = 0): Promise<void> {
  const mode = await modeOf(from);
  if (mode === null) return;
  await mkdir(to, { recursive: true });
  await chmod(to, mode);
  const entries = await readdir(from, { withFileTypes: true }).catch(ignoreVanished([]));
  for (const entry of entries) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      if (depth === 0 && EMPTY_DIRS.has(entry.name)) {
        await mkdir(target, { mode: 0o700 });
      } else {
        await copyCluster(source, target, depth + 1);
      }
    } else if (entry.isFile() && !SKIP_FILES.has(entry.name) && !entry.name.startsWith('pgsql_tmp')) {
      await copyFile(source, target).catch(ignoreVanished(undefined));
    }
  }
}

async function modeOf(path: string): Promise<number | null> {
  const st = await stat(path).catch(ignoreVanished(null));
  return st === null ? null : st.mode & 0o777;
}

function ignoreVanished<T>(fallback: T) {
  return (err: NodeJS.ErrnoException): T => {
    if (err.code === 'ENOENT') return fallback;
    throw err;
  };
}
