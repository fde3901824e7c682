import { describe, expect, it } from 'vitest';
import { runningAt } from './banner.ts';
import { loadEnv } from './env.ts';

describe('the start banner address', () => {
  it('is PUBLIC_URL when set, as people reach it through the proxy', () => {
    expect(runningAt(loadEnv({ PORT: '3000', PUBLIC_URL: 'https://visitors.example.org/' }))).toBe(
      'https://visitors.example.org',
    );
  });

  it('is localhost and the port otherwise', () => {
    expect(runningAt(loadEnv({ PORT: '3123' }))).toBe('http://localhost:3123');
  });
});
