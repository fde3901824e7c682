import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, parseKeyring, useKeyring } from '@threshold/db';
import { createTestOrganisation, sealedVisit, startTestDatabase, type TestDatabase } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEnv } from '../env.ts';
import { runKeysCommand } from './keys.ts';

let work: string;
let database: TestDatabase;
const KEY_ONE = `k1:${Buffer.alloc(32, 1).toString('base64')}`;

async function cli(args: string[], vars: Record<string, string>) {
  const out = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await runKeysCommand(args, loadEnv(vars));
    return { code, out: out.mock.calls.join('\n'), err: err.mock.calls.join('\n') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'threshold-cli-keys-'));
  database = await startTestDatabase();
}, 60_000);
afterAll(async () => {
  await database?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('npm run threshold -- keys', () => {
  it('rotate adds a current key to the key file; reencrypt moves older details to it in batches, audited', async () => {
    const keyFile = join(work, 'keys');
    await writeFile(keyFile, `${KEY_ONE}\n`, { mode: 0o600 });
    const vars = { DATABASE_URL: database.appUrl, DATABASE_OWNER_URL: database.ownerUrl, THRESHOLD_KEY_FILE: keyFile };
    useKeyring(parseKeyring(KEY_ONE, 'k1 only'));
    const app = createDb(database.appUrl, { max: 1 });
    try {
      const { organisation, site } = await createTestOrganisation(app.db);
      const visits = ['Ada Lovelace', 'Grace Hopper', 'Mary Somerville'].map((name, i) => ({
        organisation_id: organisation.id,
        site_id: site.id,
        idempotency_key: randomUUID(),
        ...sealedVisit({ name, organisation: 'Analytical Engines', email: `${i}@example.org` }),
        category: 'researcher',
        state: 'signed_out',
        visit_code: `K${i}`,
      }));
      await app.sql`insert into visit ${app.sql(visits)}`;

      const rotated = await cli(['keys', 'rotate'], vars);
      expect(rotated).toMatchObject({ code: 0, err: '' });
      expect(rotated.out).toMatch(/Added key k2 to .* as the current key/);
      const keyring = parseKeyring(await readFile(keyFile, 'utf8'), 'file');
      expect([...keyring.keys.keys()]).toEqual(['k1', 'k2']);
      expect(keyring.current).toBe('k2');
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);

      const moved = await cli(['keys', 'reencrypt', '--batch', '2'], vars);
      expect(moved).toMatchObject({ code: 0, err: '' });
      expect(moved.out).toContain('Done: 3 visits and 0 signatures are now under the current key.');
      const keyIds = await app.sql<{ id: string }[]>`
        select convert_from(substring(visitor_name from 3 for get_byte(visitor_name, 1)), 'UTF8') as id
        from visit where organisation_id = ${organisation.id}`;
      expect(keyIds.map((k) => k.id)).toEqual(['k2', 'k2', 'k2']);
      const audit = await app.sql<{ data: { visits: number; keyId: string; via: string } }[]>`
        select data from audit_event where organisation_id = ${organisation.id} and type = 'keys.reencrypted'
        order by occurred_at`;
      // Two batches of at most two: counts and the key, no names.
      expect(audit.map((a) => a.data.visits)).toEqual([2, 1]);
      expect(audit.every((a) => a.data.keyId === 'k2' && a.data.via === 'cli')).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('with THRESHOLD_KEYS, rotate prints the entry to add instead of changing anything', async () => {
    const printed = await cli(['keys', 'rotate'], { THRESHOLD_KEYS: KEY_ONE });
    expect(printed.code).toBe(0);
    expect(printed.out).toMatch(/Append this entry to it on every server .*\nk2:[A-Za-z0-9+/=]{44}$/s);
  });
});
