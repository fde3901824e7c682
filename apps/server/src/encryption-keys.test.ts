import { createDb } from '@threshold/db';
import { createTestOrganisation, startTestDatabase, TEST_KEYS, type TestDatabase } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { prepareEncryption } from './encryption-keys.ts';
import { loadEnv } from './env.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await startTestDatabase();
}, 60_000);
afterAll(async () => {
  await database?.stop();
});

/** One server start's encryption step against the test database; what it printed. */
async function start(): Promise<string[]> {
  const env = loadEnv({
    DATABASE_URL: database.appUrl,
    DATABASE_OWNER_URL: database.ownerUrl,
    THRESHOLD_KEYS: TEST_KEYS,
  });
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await prepareEncryption(env, { appUrl: database.appUrl, embedded: null, warnings: [] });
    return log.mock.calls.map((c) => c.join(' '));
  } finally {
    log.mockRestore();
  }
}

describe('start-up encryption of values stored in clear', () => {
  it('encrypts an email address queued before migration 0021 on the first start, and does not scan again on the next', async () => {
    const owner = createDb(database.ownerUrl, { max: 1 });
    try {
      const { organisation, site } = await createTestOrganisation(owner.db);
      // As migration 0021 leaves an email queued before it: the address's clear UTF-8 bytes.
      const queue = () => owner.sql`insert into outbox_message (organisation_id, site_id, template, to_address)
        values (${organisation.id}, ${site.id}, 'mail_failed', convert_to('admin@example.org', 'UTF8')) returning id`;
      const [first] = await queue();
      const clear = async (id: string) => {
        const [row] = await owner.sql<{ clear: boolean }[]>`
          select get_byte(to_address, 0) <> 1 as clear from outbox_message where id = ${id}`;
        return row?.clear;
      };

      expect(await start()).toEqual([
        '[keys] encrypting personal details stored before encryption at rest…',
        '[keys] encrypted 0 visits, 0 signatures, 0 deny-list entries, 0 screening notes and 1 email addresses',
      ]);
      expect(await clear(String(first?.id))).toBe(false);

      // The next start trusts the check it recorded: it prints nothing and reads no table, so a clear value slipped
      // in since is left as it is (only a migration can write one, and that starts a new check).
      const [second] = await queue();
      expect(await start()).toEqual([]);
      expect(await clear(String(second?.id))).toBe(true);
    } finally {
      await owner.close();
    }
  });
});
