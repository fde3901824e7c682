import { createServer, type Socket, connect as tcpConnect } from 'node:net';

/**
 * A TCP relay the test can break in two ways.
 * - Cut: it stops forwarding in both directions on every connection and forwards nothing on new ones (they are
 *   accepted, then hang): to both ends a network that silently drops packets, the fault no error announces.
 *   Healed, whatever was held flows on.
 * - Losing answers: requests still go through, but the first byte of an answer closes the connection instead of
 *   being passed on, so the client never learns that its request was carried out (a dropped Wi-Fi link, a proxy
 *   timing out just as the server answers).
 */
export interface TcpProxy {
  port: number;
  /** Connections relayed now (pairs of sockets). */
  connections: () => number;
  cut: () => void;
  heal: () => void;
  loseAnswers: (lose: boolean) => void;
  /** Answers thrown away while losing answers. */
  answersLost: () => number;
  close: () => Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let cut = false;
  let losing = false;
  let lost = 0;
  const server = createServer((client) => {
    const upstream = tcpConnect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    relay(client, upstream);
    relay(upstream, client, () => {
      if (!losing) return false;
      lost += 1;
      client.destroy();
      upstream.destroy();
      return true;
    });
    if (cut) hold(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  // Forwards by hand rather than with pipe(), which would resume a paused socket on its own 'drain'.
  function relay(from: Socket, to: Socket, drop: () => boolean = () => false) {
    from.on('data', (chunk: Buffer) => {
      if (drop()) return;
      if (!to.write(chunk)) from.pause();
    });
    to.on('drain', () => {
      if (!cut) from.resume();
    });
  }
  function hold(pair: { client: Socket; upstream: Socket }) {
    pair.client.pause();
    pair.upstream.pause();
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    connections: () => pairs.size,
    cut: () => {
      cut = true;
      for (const pair of pairs) hold(pair);
    },
    heal: () => {
      cut = false;
      for (const { client, upstream } of pairs) {
        client.resume();
        upstream.resume();
      }
    },
    loseAnswers: (lose) => {
      losing = lose;
    },
    answersLost: () => lost,
    close: async () => {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
