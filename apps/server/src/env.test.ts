import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnv, repoRoot } from './env.ts';
import { embeddedMaxConnections } from './workers.ts';

describe('loadEnv', () => {
  it('defaults to port 3000 and the embedded database under ./.data at the repository root', () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.dataDir).toBe(join(repoRoot, '.data'));
    expect(env.publicUrl).toBe('http://localhost:3000');
  });

  it('resolves a relative THRESHOLD_DATA_DIR from where the command was typed', () => {
    expect(loadEnv({ THRESHOLD_DATA_DIR: 'here', INIT_CWD: '/srv/threshold' }).dataDir).toBe('/srv/threshold/here');
    expect(loadEnv({ THRESHOLD_DATA_DIR: '/var/lib/threshold' }).dataDir).toBe('/var/lib/threshold');
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names the variable and the reason when a value is wrong', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/PORT: /);
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(() => loadEnv({ AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET: must be at least 32 characters/);
    expect(() => loadEnv({ THRESHOLD_DB_POOL: '1' })).toThrow(/THRESHOLD_DB_POOL: /);
  });
});

describe('the request pool and the embedded PostgreSQL', () => {
  it('sizes the pool from THRESHOLD_DB_POOL (10 by default) and leaves PostgreSQL room for every worker’s', () => {
    expect(loadEnv({}).THRESHOLD_DB_POOL).toBe(10);
    expect(embeddedMaxConnections(loadEnv({ THRESHOLD_WORKERS: '1' }))).toBe(121);
    // Each process: its request pool and 11 more (owner, pg-boss, listeners, retention).
    expect(embeddedMaxConnections(loadEnv({ THRESHOLD_WORKERS: '4', THRESHOLD_DB_POOL: '30' }))).toBe(4 * 41 + 100);
  });
});
