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

  it('writes every kind of JSON value as JSON.stringify does once keys are sorted', () => {
    const sorted = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sorted)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
            )
          : v;
    const values: unknown[] = [
      null,
      true,
      0,
      -1.5e-7,
      '',
      'line\nbreak "quoted" \u2028 សុខា',
      [],
      {},
      [null, [], {}, [[1]], 'x'],
      { '': 0, é: 1, E: 2, e: 3, a: { z: [{ b: 1, a: 2 }], y: null } },
      JSON.parse('{"via": "kiosk", "staffId": "s-1", "previousStaffId": null, "ids": ["b", "a"]}'),
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(JSON.stringify(sorted(value)));
    // Keys that look like numbers too sort as text (an object would list them first, in numeric order).
    expect(canonicalJson({ '9': 5, '10': 4, '': 0 })).toBe('{"":0,"10":4,"9":5}');
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
