import { randomBytes } from 'node:crypto';
import { freePort } from '@threshold/db';
import { rememberSecret } from '../../support/server-logs.ts';
import { pairKiosks } from './kiosks.ts';
import { type ControlledPostgres, startControlledPostgres } from './postgres.ts';
import { launchServer, type ServerProcess } from './server-process.ts';
import { prepareSite } from './site.ts';
import { sizes } from './sizes.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

/** A scenario's stage: a PostgreSQL of its own with a ready site, the real server on it, and its kiosks paired. */
export interface Stage {
  database: ControlledPostgres;
  server: ServerProcess;
  /** Where the kiosks send their requests. */
  url: string;
  tokens: string[];
  /** Starts every visitor name of this run, so checks find this run's visits. */
  prefix: string;
  /** A relay on the path the scenario breaks (see `relay` below), when it asked for one. */
  relay: TcpProxy | null;
}

/**
 * Sets the stage for `scenario`. `relay`: `'database'` puts a TCP relay between the server and PostgreSQL (start-up
 * migrations still go direct, as the owner); `'kiosks'` puts one between the kiosks and the server. `durable`:
 * PostgreSQL's durable settings, for scenarios that crash it (the fast ones may lose acknowledged commits then).
 * Returns the stage and its clean-up, which keeps the server's log and closes everything in reverse order.
 */
export async function setStage(
  scenario: string,
  options: { durable: boolean; siteName: string; relay?: 'database' | 'kiosks' },
  track: (close: () => Promise<unknown>) => void,
): Promise<Stage> {
  const database = await startControlledPostgres({ durable: options.durable });
  track(() => database.close());
  const codes = await prepareSite(database.ownerUrl, sizes.kiosks, options.siteName);
  let relay: TcpProxy | null = null;
  const appUrl = new URL(database.appUrl);
  if (options.relay === 'database') {
    relay = await startTcpProxy({ host: '127.0.0.1', port: database.port });
    track(() => relay?.close() ?? Promise.resolve());
    appUrl.port = String(relay.port);
  }
  const server = await launchServer({
    port: await freePort(),
    env: { DATABASE_URL: appUrl.toString(), DATABASE_OWNER_URL: database.ownerUrl },
  });
  track(async () => {
    await server.saveLog(scenario);
    await server.stop();
  });
  let url = server.url;
  if (options.relay === 'kiosks') {
    const front = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
    relay = front;
    track(() => front.close());
    url = `http://127.0.0.1:${front.port}`;
  }
  const tokens = await pairKiosks(url, codes);
  const prefix = `Fault ${scenario} ${randomBytes(3).toString('hex')}`;
  // Every visitor name of the scenario starts with it: one entry stands for thousands in the log scan (logscan/).
  rememberSecret('visitor', prefix);
  return { database, server, url, tokens, relay, prefix };
}

/** Clean-ups registered by setStage, run in reverse order (call it from the file's afterAll). */
export function cleanUps() {
  const closers: (() => Promise<unknown>)[] = [];
  return {
    track: (close: () => Promise<unknown>) => closers.push(close),
    async run() {
      for (const close of closers.splice(0).reverse()) await close();
    },
  };
}
