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

  it('gives the hash chains were sealed with, so sealed chains keep verifying after any change to the code', () => {
    // Computed by the first implementation (createHash, canonicalJson of the whole row).
    expect(chainHash(null, row)).toBe('2d9b33bb156585be3fdfd52ab813a96ecc97b483bd55b71bc14eae5e4c3c5290');
    const named = { ...row, data: { name: 'Łukasz "Q" សុខា' } };
    expect(chainHash('ab', named)).toBe('743fc22c4a82e0424ec521916e6154a9337cde0ebdf78f0378aaf2bd20dc5715');
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
