import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKeyring } from './config.ts';
import { formatKeyring, parseKeyring } from './keyring.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('encryption keys from configuration', () => {
  it('refuses an external database without keys, saying what to set', async () => {
    await expect(loadKeyring({})).rejects.toThrow(/no encryption keys are configured\. Set THRESHOLD_KEY_FILE/);
    await expect(loadKeyring({ keyFile: '/nonexistent/keys' })).rejects.toThrow(
      /THRESHOLD_KEY_FILE names \/nonexistent\/keys, which does not exist/,
    );
  });

  it('generates the embedded demo a key file readable by its owner only, and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'threshold-keys-'));
    const first = await loadKeyring({ embeddedDataDir: dir });
    const file = join(dir, 'encryption-keys');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = await loadKeyring({ embeddedDataDir: dir });
    expect(again.keys.get('k1')?.equals(first.keys.get('k1') ?? Buffer.alloc(0))).toBe(true);
    expect(await readFile(file, 'utf8')).toMatch(/^k1:[A-Za-z0-9+/=]{44}\n$/);
    // Several server processes starting at once on a new data folder all end up with the same keys.
    const fresh = await mkdtemp(join(tmpdir(), 'threshold-keys-'));
    const together = await Promise.all([1, 2, 3].map(() => loadKeyring({ embeddedDataDir: fresh })));
    const keys = together.map((k) => k.keys.get('k1')?.toString('base64'));
    expect(new Set(keys).size).toBe(1);
  });

  it('reads both formats; the last (or named) key is current, the first keys the search index', () => {
    const lines = parseKeyring(`a:${KEY}\nb:${Buffer.alloc(32, 8).toString('base64')}`, 'test');
    const json = parseKeyring(
      JSON.stringify({ current: 'b', keys: { a: KEY, b: Buffer.alloc(32, 8).toString('base64') } }),
      'test',
    );
    expect(lines.current).toBe('b');
    expect(json.current).toBe('b');
    expect(lines.indexKey.equals(json.indexKey)).toBe(true);
    expect(lines.indexKey.equals(parseKeyring(`a:${KEY}`, 'test').indexKey)).toBe(true);
    expect(parseKeyring(formatKeyring(lines), 'again').current).toBe('b');
  });

  it('names the problem in a bad key list', () => {
    expect(() => parseKeyring('k1:c2hvcnQ=', 'THRESHOLD_KEYS')).toThrow(
      /key "k1" must be 32 bytes in base64 \(it is 5\)/,
    );
    expect(() => parseKeyring(`k1:${KEY},k1:${KEY}`, 'THRESHOLD_KEYS')).toThrow(/"k1" is listed twice/);
    expect(() => parseKeyring(`${KEY}`, 'THRESHOLD_KEYS')).toThrow(/must hold lines of id:base64/);
    expect(() => parseKeyring('', 'THRESHOLD_KEYS')).toThrow(/holds no keys/);
  });
});
