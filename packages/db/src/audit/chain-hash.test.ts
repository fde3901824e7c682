import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash } from './chain-hash.ts';

const row = {
  id: 1,
  organisationId: '00000000-0000-0000-0000-000000000001',
  siteId: null,
  occurredAt: '2026-01-02T03:04:05.123456Z',
  actorType: 'system',
  actorId: null,
  type: 'test.event',
  visitId: null,
  data: { b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x' } },
};

describe('the audit chain hash', () => {
  it('sorts keys at every depth, so key order in stored JSON does not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[2,{"y":2,"z":1}]},"b":1}',
    );
    expect(chainHash(null, row)).toBe(
      chainHash(null, { ...row, data: { a: { c: 'x', d: [2, { y: 2, z: 1 }] }, b: 1 } }),
    );
  });

  it('changes with the previous hash and with any field', () => {
    const base = chainHash(null, row);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(base, row)).not.toBe(base);
    expect(chainHash(null, { ...row, id: 2 })).not.toBe(base);
    expect(chainHash(null, { ...row, occurredAt: '2026-01-02T03:04:05.123457Z' })).not.toBe(base);
    expect(chainHash(null, { ...row, data: { ...row.data, b: 2 } })).not.toBe(base);
  });
});
