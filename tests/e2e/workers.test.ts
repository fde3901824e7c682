import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi, staffCookie } from '../support/api.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function until(what: string, ready: () => boolean, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The pid of the latest worker `n` the primary reported listening. */
function workerPid(server: RunningServer, n: number): number {
  const pids = [...server.output().matchAll(new RegExp(`worker ${n} \\(pid (\\d+)\\) listening`, 'g'))];
  return Number(pids.at(-1)?.[1]);
}

describe('THRESHOLD_WORKERS=2', () => {
  it('serves one port from two processes on one embedded PostgreSQL: either answers alone, with the same sessions', async () => {
    const dataDir = await tempDataDir();
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const server = await startServer({ THRESHOLD_DATA_DIR: dataDir, THRESHOLD_WORKERS: '2' });
    cleanups.push(() => server.stop());
    await until('both workers', () => server.output().includes('[cluster] 2 workers serving'), server.output);
    // One PostgreSQL, started by the primary: the workers attach to it.
    expect(server.output().match(/Database \(embedded PostgreSQL/g)).toHaveLength(1);

    const cookie = await staffCookie(server.url, demo.reception, demo.password);
    const staff = () => apiClient(server.url, { cookie });
    const siteId = (await staff().staff.me.query()).roles[0]?.siteId ?? '';
    const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
    const kiosk = () => apiClient(server.url, { kioskToken: token });

    // Each worker in turn is killed; the other alone takes the sign-in and knows the session, while the primary
    // starts a replacement.
    const names = ['Either Worker', 'Other Worker'];
    for (const [i, n] of [1, 2].entries()) {
      const pid = workerPid(server, n);
      const exits = server.output().split(`worker ${n} exited`).length;
      process.kill(pid, 'SIGKILL');
      await until(
        `worker ${n} to exit`,
        () => server.output().split(`worker ${n} exited`).length > exits,
        server.output,
      );
      await signInThroughApi(kiosk(), { fullName: names[i] ?? '', organisation: 'Cluster Ltd' });
      const onSite = await staff().visits.onSite.query({ siteId });
      expect(onSite.map((v) => v.visitorName)).toEqual(expect.arrayContaining(names.slice(0, i + 1)));
      await until(`a new worker ${n}`, () => workerPid(server, n) !== pid, server.output);
    }

    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('Stopped cleanly.');
  });
});
