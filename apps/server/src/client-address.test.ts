import { describe, expect, it } from 'vitest';
import { parseTrustProxy, resolveClientAddress } from './client-address.ts';
import { loadEnv } from './env.ts';

describe('resolveClientAddress', () => {
  it('uses the socket and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(resolveClientAddress('192.0.2.5', '203.0.113.9', null)).toBe('192.0.2.5');
  });

  it('takes the right-most untrusted entry when the socket is a trusted proxy', () => {
    const trusted = parseTrustProxy('127.0.0.1, 10.0.0.0/8');
    expect(resolveClientAddress('127.0.0.1', '1.1.1.1, 203.0.113.9', trusted)).toBe('203.0.113.9');
    expect(resolveClientAddress('::ffff:127.0.0.1', '203.0.113.9, 10.1.2.3', trusted)).toBe('203.0.113.9');
    expect(resolveClientAddress('127.0.0.1', undefined, trusted)).toBe('127.0.0.1');
    expect(resolveClientAddress('192.0.2.5', '203.0.113.9', trusted)).toBe('192.0.2.5');
  });

  it('falls back to the socket when the proxy passed on an entry that is not an address', () => {
    expect(resolveClientAddress('127.0.0.1', 'not-an-ip', parseTrustProxy('127.0.0.1'))).toBe('127.0.0.1');
  });
});

describe('TRUST_PROXY', () => {
  it('is a comma list of addresses and CIDR ranges; anything else stops start-up naming the entry', () => {
    expect(loadEnv({ TRUST_PROXY: '127.0.0.1, ::1, 10.0.0.0/8, fd00::/8' }).TRUST_PROXY).not.toBeNull();
    expect(loadEnv({}).TRUST_PROXY).toBeNull();
    expect(() => loadEnv({ TRUST_PROXY: '127.0.0.1, proxy.local' })).toThrow(/TRUST_PROXY: "proxy.local" is not/);
    expect(() => loadEnv({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });
});
