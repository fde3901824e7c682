import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase, findRunningEmbedded, startEmbeddedPostgres } from './embedded.ts';

const dirs: string[] = [];
const clusters: EmbeddedDatabase[] = [];
afterAll(async () => {
  for (const cluster of clusters) await cluster.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function start(dataDir: string, options: { maxConnections?: number } = {}) {
  const cluster = await startEmbeddedPostgres(dataDir, { fast: true, ...options });
  clusters.push(cluster);
  return cluster;
}

/** How the connection reached the server: inet_server_addr() is null over a Unix socket. */
async function serverAddress(url: string): Promise<string | null> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ addr: string | null; role: string }[]>`
      select host(inet_server_addr()) as addr, current_user as role`;
    expect(row?.role).toBe('threshold_app');
    return row?.addr ?? null;
  } finally {
    await sql.end();
  }
}

describe('the embedded PostgreSQL', () => {
  it('serves the app over a Unix socket in a private folder of the data folder, and over TCP for tools', async () => {
    const root = await mkdtemp(join(tmpdir(), 'th-sock-'));
    dirs.push(root);
    // Room for every server process's connections (the server asks for more than the default 100 with workers).
    const cluster = await start(root, { maxConnections: 163 });
    expect(cluster.appSocketUrl).toContain(encodeURIComponent(join(root, 'run')));
    const sql = postgres(cluster.ownerUrl, { max: 1, onnotice: () => {} });
    expect((await sql`show max_connections`)[0]?.max_connections).toBe('163');
    await sql.end();
    expect(await serverAddress(cluster.appSocketUrl)).toBeNull();
    expect(await serverAddress(cluster.appUrl)).toBe('127.0.0.1');
    expect((await stat(join(root, 'run'))).mode & 0o777).toBe(0o700);

    // Another process (a cluster worker, the CLI) finds the same socket.
    expect((await findRunningEmbedded(root))?.appSocketUrl).toBe(cluster.appSocketUrl);
  });

  it('puts the socket in a private temporary folder when the data folder’s path is too long for one', async () => {
    const base = await mkdtemp(join(tmpdir(), 'th-sock-'));
    dirs.push(base);
    const root = join(base, 'a-data-folder-whose-path-is-longer-than-a-unix-socket-path-may-be'.repeat(2));
    const cluster = await start(root);
    const folder = new URLSearchParams(cluster.appSocketUrl.split('?')[1]).get('host') ?? '';
    expect(folder.startsWith(tmpdir())).toBe(true);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    expect(await serverAddress(cluster.appSocketUrl)).toBeNull();

    await cluster.stop();
    clusters.splice(clusters.indexOf(cluster), 1);
    await expect(stat(folder)).rejects.toThrow();
  });
});
