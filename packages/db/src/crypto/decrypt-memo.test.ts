import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KEYS } from '../testing/keys.ts';
import { DecryptMemo } from './decrypt-memo.ts';
import { DecryptionError, encryptValue } from './envelope.ts';
import { parseKeyring, useKeyring } from './keyring.ts';

afterEach(() => useKeyring(parseKeyring(TEST_KEYS, 'TEST_KEYS')));

const [KEY_ONE, KEY_TWO] = TEST_KEYS.split(',');

describe('the decryption memo', () => {
  it('gives the plain value, the same on every read', () => {
    const memo = new DecryptMemo(8, 60_000);
    const stored = encryptValue('Ama Owusu');
    expect(memo.decrypt(stored)).toBe('Ama Owusu');
    expect(memo.decrypt(Buffer.from(stored))).toBe('Ama Owusu');
    expect(memo.size).toBe(1);
  });

  it('still refuses a remembered value altered in any byte (tag, IV or ciphertext)', () => {
    const memo = new DecryptMemo(8, 60_000);
    const stored = encryptValue('Ama Owusu');
    memo.decrypt(stored);
    for (const at of [stored.length - 1, stored.length - 20, stored.length - 30]) {
      const altered = Buffer.from(stored);
      altered[at] = (altered[at] ?? 0) ^ 1;
      expect(() => memo.decrypt(altered)).toThrow(DecryptionError);
    }
  });

  it('forgets everything when the keys change, so a withdrawn key stops decrypting at once', () => {
    const memo = new DecryptMemo(8, 60_000);
    useKeyring(parseKeyring(`${KEY_ONE}`, 'test'));
    const underOne = encryptValue('Ama Owusu');
    expect(memo.decrypt(underOne)).toBe('Ama Owusu');
    useKeyring(parseKeyring(`${KEY_TWO}`, 'test'));
    expect(() => memo.decrypt(underOne)).toThrow(/key "test1" is not configured/);
    expect(memo.size).toBe(0);
  });

  it('holds no more values than its limit, dropping the oldest first', () => {
    const memo = new DecryptMemo(3, 60_000);
    const values = ['a', 'b', 'c', 'd'].map((v) => ({ plain: v, stored: encryptValue(v) }));
    for (const { stored } of values) memo.decrypt(stored);
    expect(memo.size).toBe(3);
    expect(values.map(({ stored }) => memo.decrypt(stored))).toEqual(['a', 'b', 'c', 'd']);
    expect(memo.size).toBe(3);
  });

  it('forgets everything once its contents are older than its limit, at the next read', () => {
    let now = 0;
    const memo = new DecryptMemo(8, 60_000, () => now);
    const stored = encryptValue('Ama Owusu');
    memo.decrypt(stored);
    memo.decrypt(encryptValue('Kofi Mensah'));
    now = 60_000;
    expect(memo.decrypt(stored)).toBe('Ama Owusu');
    expect(memo.size).toBe(2);
    now = 60_001;
    expect(memo.decrypt(stored)).toBe('Ama Owusu');
    expect(memo.size).toBe(1);
  });
});
