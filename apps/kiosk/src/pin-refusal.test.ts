import { describe, expect, it } from 'vitest';
import en from './locales/en.json' with { type: 'json' };
import km from './locales/km.json' with { type: 'json' };
import { pinRefusalKey } from './pin-refusal.ts';

describe('pinRefusalKey', () => {
  it('names the refusal by the server code', () => {
    expect(pinRefusalKey('NOT_FOUND')).toBe('pin.errors.refused');
    expect(pinRefusalKey('TOO_MANY_REQUESTS')).toBe('pin.errors.tooMany');
    expect(pinRefusalKey('SERVICE_UNAVAILABLE')).toBe('pin.errors.unavailable');
    expect(pinRefusalKey(null)).toBe('pin.errors.unavailable');
  });

  it('has words for every refusal in English and Khmer', () => {
    for (const code of ['NOT_FOUND', 'TOO_MANY_REQUESTS', null]) {
      const leaf = pinRefusalKey(code).split('.')[2] as keyof typeof en.pin.errors;
      expect(en.pin.errors[leaf]).toMatch(/\w/);
      expect(km.pin.errors[leaf]).toMatch(/[\u1780-\u17FF]/);
    }
  });
});
