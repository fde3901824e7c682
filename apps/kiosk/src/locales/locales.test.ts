import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every language file in this folder, read from disk so that a new language is checked without touching this test.
const folder = new URL('./', import.meta.url);
const codes = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.slice(0, -'.json'.length))
  .sort();

type Flat = Map<string, unknown>;

function flatten(value: unknown, prefix = '', out: Flat = new Map()): Flat {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

function load(code: string): Flat {
  return flatten(JSON.parse(readFileSync(new URL(`${code}.json`, folder), 'utf8')));
}

/** The interpolation names in a string, e.g. "Step {{step}} of {{total}}" → ["step", "total"]. */
function placeholders(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return [...value.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((match) => match[1] ?? '').sort();
}

const english = load('en');

it('finds English and at least one other language', () => {
  expect(codes).toContain('en');
  expect(codes.length).toBeGreaterThan(1);
});

describe.each(codes)('locale %s', (code) => {
  const strings = load(code);

  it('has exactly the keys of en.json', () => {
    const missing = [...english.keys()].filter((key) => !strings.has(key));
    const extra = [...strings.keys()].filter((key) => !english.has(key));
    expect({ missing, extra }, `${code}.json: missing keys [${missing}], extra keys [${extra}]`).toEqual({
      missing: [],
      extra: [],
    });
  });

  it('has a non-empty string for every key', () => {
    const bad = [...strings].filter(([, value]) => typeof value !== 'string' || value.trim() === '').map(([k]) => k);
    expect(bad, `${code}.json: empty or non-string values at [${bad}]`).toEqual([]);
  });

  it('keeps the same {{placeholders}} as English for every key', () => {
    const mismatched = [...english]
      .filter(([key]) => strings.has(key))
      .filter(([key, value]) => placeholders(value).join() !== placeholders(strings.get(key)).join())
      .map(
        ([key, value]) => `${key}: expected {{${placeholders(value)}}}, found {{${placeholders(strings.get(key))}}}`,
      );
    expect(mismatched, `${code}.json: placeholders differ from English: ${mismatched.join('; ')}`).toEqual([]);
  });
});

// Only the translations are compared with English (English compared with itself would prove nothing).
describe.each(codes.filter((code) => code !== 'en'))('translation %s', (code) => {
  const strings = load(code);
  it('is translated (most values differ from English)', () => {
    const same = [...english].filter(([key, value]) => strings.get(key) === value).map(([key]) => key);
    expect(
      same.length,
      `${code}.json: ${same.length} of ${english.size} values are identical to English: [${same}]`,
    ).toBeLessThan(english.size / 2);
  });
});
