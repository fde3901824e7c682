import { describe, expect, it } from 'vitest';
import { isolateDirection, shortName } from './short-name.ts';

describe('shortName', () => {
  it.each([
    ['Amara Nwosu', 'Amara N.'],
    ['  Amara   Grace  nwosu ', 'Amara N.'],
    ['Łucja ćwik', 'Łucja Ć.'],
    ['Madonna', 'Madonna'],
    ['   ', ''],
    ['', ''],
  ])('keeps the first name and the initial of the last (%j → %j)', (name, expected) => {
    expect(shortName(name)).toBe(expected);
  });

  it('passes over words without letters when choosing the first name and the initial', () => {
    expect(shortName('😀 Dara 🌸 Kim')).toBe('Dara K.');
    expect(shortName('Dara Kim 🌸')).toBe('Dara K.');
    expect(shortName('- Dara Kim 2')).toBe('Dara K.');
  });

  it('shows something for a name without letters', () => {
    expect(shortName('😀 🌸')).toBe('😀');
    expect(shortName('👩‍👩‍👧')).toBe('👩‍👩‍👧');
  });

  it('takes a whole grapheme as the initial, never half an emoji or a bare accent', () => {
    // "e" followed by a combining acute: normalised, one letter.
    expect(shortName('Zoe E\u0301lise')).toBe('Zoe É.');
    expect(shortName('Dara 🌸Kim')).toBe('Dara K.');
  });

  it('never ends in two periods, and drops punctuation around the first name', () => {
    expect(shortName('Kwame M.')).toBe('Kwame M.');
    expect(shortName('Kwame Mensah.')).toBe('Kwame M.');
    expect(shortName('Kwame. Mensah')).toBe('Kwame M.');
    expect(shortName('Kwame.')).toBe('Kwame');
    expect(shortName('Kwame .')).toBe('Kwame');
    expect(shortName('(Dara) Kim')).toBe('Dara K.');
  });

  it('keeps hyphenated names whole and takes the initial from the first part', () => {
    expect(shortName('Anne-Marie Smith-Jones')).toBe('Anne-Marie S.');
    expect(shortName('Jean-Luc')).toBe('Jean-Luc');
    expect(shortName("Siobhán O'Brien")).toBe('Siobhán O.');
  });

  it('keeps Arabic and Hebrew in reading order, the initial after the first name', () => {
    expect(shortName('محمد علي')).toBe('محمد ع.');
    expect(shortName('דוד לוי')).toBe('דוד ל.');
  });

  it('handles Khmer names: spaced parts give a whole-syllable initial, unspaced names are shown whole', () => {
    expect(shortName('សុខ ដារា')).toBe('សុខ ដា.');
    expect(shortName('ចាន់ ស្រីពេជ្រ')).toBe('ចាន់ ស្រី.');
    expect(shortName('សុខ\u200bដារា')).toBe('សុខ ដា.');
    expect(shortName('សុខដារា')).toBe('សុខដារា');
  });

  it('is the same for the same name however it was typed (composed or decomposed)', () => {
    expect(shortName('Zoe\u0301 Ngo')).toBe(shortName('Zoé Ngo'));
  });
});

describe('isolateDirection', () => {
  it('isolates right-to-left text so the surrounding sentence does not reorder it', () => {
    expect(isolateDirection('محمد ع.')).toBe('\u2068محمد ع.\u2069');
    expect(isolateDirection('דוד ל.')).toBe('\u2068דוד ל.\u2069');
  });

  it('leaves other text as it is', () => {
    expect(isolateDirection('Amara N.')).toBe('Amara N.');
    expect(isolateDirection('សុខ ដា.')).toBe('សុខ ដា.');
  });
});
