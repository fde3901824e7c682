import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../client.ts';
import { insertOutboxMessage } from '../queries/visit-records.ts';
import { startTestDatabase, type TestDatabase } from '../testing/database.ts';
import { createTestOrganisation } from '../testing/fixtures.ts';
import { TEST_KEYS } from '../testing/keys.ts';
import { sealedVisit } from '../testing/visits.ts';
import { encryptClearValuesOnce } from './clear-check.ts';
import { parseKeyring, useKeyring } from './keyring.ts';

// Its own database: what start-up verified is one row for the whole database, and its scan reads every table.
let database: TestDatabase;
let owner: ReturnType<typeof createDb>;
beforeAll(async () => {
  database = await startTestDatabase();
  owner = createDb(database.ownerUrl, { max: 1 });
}, 60_000);
afterAll(async () => {
  await owner?.close();
  await database?.stop();
});
afterEach(() => useKeyring(parseKeyring(TEST_KEYS, 'TEST_KEYS')));

const ROTATED = `${TEST_KEYS},test3:${Buffer.alloc(32, 3).toString('base64')}`;
const boot = () => encryptClearValuesOnce(owner.db, { batchSize: 100 });

/** A visit whose name, and an email whose address, are stored in clear, as migrations 0015 and 0021 leave them. */
async function clearScene() {
  const { organisation, site } = await createTestOrganisation(owner.db);
  const visitId = randomUUID();
  await owner.sql`insert into visit ${owner.sql({
    id: visitId,
    organisation_id: organisation.id,
    site_id: site.id,
    idempotency_key: randomUUID(),
    ...sealedVisit({ name: 'Lise Meitner', organisation: 'Kaiser Wilhelm Institute' }),
    category: 'researcher',
    state: 'signed_out',
    visit_code: 'L1',
  })}`;
  await owner.db.execute(sql`update visit set visitor_name = convert_to('Lise Meitner', 'UTF8') where id = ${visitId}`);
  await insertOutboxMessage(owner.db, {
    organisationId: organisation.id,
    siteId: site.id,
    visitId,
    template: 'signed_form_copy',
    toAddress: 'lise@example.org',
  });
  await plantClearAddress(visitId);
  return visitId;
}

const plantClearAddress = (visitId: string) =>
  owner.db.execute(
    sql`update outbox_message set to_address = convert_to('lise@example.org', 'UTF8') where visit_id = ${visitId}`,
  );

/** Whether the queued email's address is stored in clear (an envelope starts with version byte 1). */
async function addressInClear(visitId: string): Promise<boolean> {
  const [row] = await owner.db.execute<{ clear: boolean }>(
    sql`select get_byte(to_address, 0) <> 1 as clear from outbox_message where visit_id = ${visitId}`,
  );
  return row?.clear ?? false;
}

describe('start-up check for values stored in clear', () => {
  it('catches clear values on a database never checked, then skips the scan until a migration or the keys change', async () => {
    const visitId = await clearScene();
    const first = await boot();
    expect(first).toEqual({
      outcome: 'encrypted',
      total: { visits: 1, signatures: 0, denyListEntries: 0, screeningNotes: 0, outboxMessages: 1 },
    });
    expect(await addressInClear(visitId)).toBe(false);
    const [visitRow] = await owner.db.execute<{ clear: boolean }>(
      sql`select get_byte(visitor_name, 0) <> 1 as clear from visit where id = ${visitId}`,
    );
    expect(visitRow?.clear).toBe(false);

    // Second start, same migration and keys: the remembered check is trusted and no table is read. A clear value
    // planted behind its back shows that: it stays until something changes.
    await plantClearAddress(visitId);
    expect(await boot()).toEqual({ outcome: 'skipped' });
    expect(await addressInClear(visitId)).toBe(true);

    // A new key: checked again, and the clear value is found.
    useKeyring(parseKeyring(ROTATED, 'rotated'));
    expect(await boot()).toMatchObject({ outcome: 'encrypted', total: { outboxMessages: 1 } });
    expect(await addressInClear(visitId)).toBe(false);
    expect(await boot()).toEqual({ outcome: 'skipped' });

    // A migration applied since the last check (as an upgrade would): scanned again, nothing in clear.
    await owner.db.execute(sql`update encryption_check set migration = migration - 1`);
    expect(await boot()).toEqual({ outcome: 'verified' });
    expect(await boot()).toEqual({ outcome: 'skipped' });
    const [check] = await owner.db.execute<{ key_ids: string; latest: boolean }>(sql`
      select key_ids, migration = (select max(created_at) from drizzle.__drizzle_migrations) as latest
      from encryption_check`);
    expect(check).toEqual({ key_ids: 'test1,test2,test3', latest: true });
  });
});
