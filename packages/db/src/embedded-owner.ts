import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Which process owns an embedded cluster: `owner.pid` in the data folder names the Threshold process (server or CLI)
 * that started it. PostgreSQL outlives a server killed with SIGKILL; with its owner gone, the next start stops that
 * orphan cleanly (a fast shutdown: open transactions rolled back, a checkpoint written) and starts afresh.
 */
const OWNER_FILE = 'owner.pid';

export class DataFolderInUse extends Error {}

/**
 * Before starting the cluster in `clusterDir`: if a PostgreSQL is still running there, stop it when nobody owns it,
 * and refuse (DataFolderInUse) when a live Threshold process does. Says whether it stopped one.
 */
export async function takeOverCluster(root: string, clusterDir: string): Promise<{ stoppedOrphan: boolean }> {
  const postmaster = await runningPostmaster(clusterDir);
  if (postmaster === null) return { stoppedOrphan: false };
  const owner = await ownerOf(root);
  if (owner !== null && owner !== process.pid && (await isAlive(owner))) {
    throw new DataFolderInUse(
      `Another Threshold process (pid ${owner}) is using the data folder ${root}: stop it, or set THRESHOLD_DATA_DIR to another folder.`,
    );
  }
  process.kill(postmaster, 'SIGINT');
  const pidFile = join(clusterDir, 'postmaster.pid');
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (!(await exists(pidFile))) return { stoppedOrphan: true };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new DataFolderInUse(
    `The PostgreSQL left running in ${clusterDir} (pid ${postmaster}) did not stop within 60 s.`,
  );
}

export async function claimCluster(root: string): Promise<void> {
  await writeFile(join(root, OWNER_FILE), String(process.pid), { mode: 0o600 });
}

export async function releaseCluster(root: string): Promise<void> {
  if ((await ownerOf(root)) === process.pid) await rm(join(root, OWNER_FILE), { force: true });
}

/**
 * The pid of a live PostgreSQL postmaster serving this cluster, from its postmaster.pid; null when none runs. The
 * process must be a postgres started on this very folder (Linux /proc): a stale file whose pid now belongs to some
 * other process is left for PostgreSQL itself to deal with.
 */
export async function runningPostmaster(clusterDir: string): Promise<number | null> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!(await exists(pidFile))) return null;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !(await isAlive(pid))) return null;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const args = cmdline.split('\0');
  return args.some((a) => a.endsWith('postgres')) && args.includes(clusterDir) ? pid : null;
}

async function ownerOf(root: string): Promise<number | null> {
  const text = await readFile(join(root, OWNER_FILE), 'utf8').catch(() => null);
  const pid = Number(text);
  return text !== null && Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Running: a killed process its parent has not reaped yet (a zombie, state Z in /proc) is not. */
async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists, it is just not ours to signal.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat === null || !/^\d+ \(.*\) Z/.test(stat);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
