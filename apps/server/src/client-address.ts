import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import { CLIENT_ADDRESS_HEADER } from '@threshold/api';
import type { Context } from 'hono';

/** The proxies named by TRUST_PROXY, or null: then X-Forwarded-For is never read. */
export type TrustedProxies = BlockList | null;

/**
 * Reads TRUST_PROXY: a comma list of the proxies' addresses or CIDR ranges ("127.0.0.1", "10.0.0.0/8, ::1"). A list
 * rather than a hop count, so a proxy added or removed in front of us cannot make us trust an address a client
 * wrote. Throws naming the entry that is neither.
 */
export function parseTrustProxy(value: string | undefined): TrustedProxies {
  const entries = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    const maxPrefix = family === 6 ? 128 : 32;
    if (family === 0 || rest.length > 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix) {
      throw new Error(`"${entry}" is not an IP address or CIDR range`);
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

function isTrusted(trusted: BlockList, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
  return mapped ? trusted.check(mapped, 'ipv4') : trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address: the socket's, unless the socket is a trusted proxy; then the right-most X-Forwarded-For entry
 * that is not itself a trusted proxy (entries to its left were written by the client and prove nothing).
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trusted: TrustedProxies,
): string {
  const socket = socketAddress ?? 'unknown';
  if (!trusted || !isTrusted(trusted, socket) || !forwardedFor) return socket;
  const hops = forwardedFor
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? '';
    if (isIP(hop) === 0) return socket;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return hops[0] ?? socket;
}

/** The address of the client behind this request (see resolveClientAddress). */
export function clientAddressOf(c: Context, trusted: TrustedProxies): string {
  let socket: string | undefined;
  try {
    socket = getConnInfo(c).remote.address;
  } catch {
    // A request handed to app.fetch directly (tests) has no socket.
    socket = undefined;
  }
  return resolveClientAddress(socket, c.req.header('x-forwarded-for'), trusted);
}

/** The request for better-auth, carrying the resolved address in the one header it is told to read. */
export function withClientAddress(req: Request, address: string): Request {
  const headers = new Headers(req.headers);
  headers.set(CLIENT_ADDRESS_HEADER, address);
  return new Request(req, { headers });
}
