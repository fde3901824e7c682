import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  claimPendingOutbox,
  createDb,
  decideVisitScreening,
  denyEntryNames,
  getVisitScreening,
  insertDenyEntry,
  insertOutboxMessage,
  parseKeyring,
  removeDenyEntry,
  schema,
  useKeyring,
} from '@threshold/db';
import {
  createTestOrganisation,
  createTestStaff,
  sealedVisit,
  startTestDatabase,
  type TestDatabase,
} from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEnv } from '../env.ts';
import { runKeysCommand } from './keys.ts';

let work: string;
let database: TestDatabase;
const KEY_ONE = `k1:${Buffer.alloc(32, 1).toString('base64')}`;

/** The key id of each stored value of `column` in `table` (an envelope starts [version][id length][id]). */
const keyIdsOf = (sql: ReturnType<typeof createDb>['sql'], table: string, column: string, organisationId: string) =>
  sql<{ id: string }[]>`
    select convert_from(substring(${sql(column)} from 3 for get_byte(${sql(column)}, 1)), 'UTF8') as id
    from ${sql(table)} where organisation_id = ${organisationId} and ${sql(column)} is not null`.then((rows) =>
    rows.map((r) => r.id),
  );

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
  it('rotate adds a current key; reencrypt moves visits, deny-list entries, screening notes and email addresses to it in batches, audited', async () => {
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
      // The deny list is encrypted too: a current entry, a removed one (its removal note) and a screening decision note.
      const coordinator = await createTestStaff(app.db, {
        organisationId: organisation.id,
        siteId: site.id,
        roles: ['coordinator'],
      });
      const entry = {
        organisationId: organisation.id,
        staffId: coordinator.id,
        at: new Date(),
        reviewBy: '2031-01-01',
      };
      const kept = await insertDenyEntry(app.db, {
        ...entry,
        fullName: 'Victor Vance',
        aliases: ['Vic Vance'],
        dateOfBirth: '1970-02-03',
        reason: 'Court order 12',
      });
      const removed = await insertDenyEntry(app.db, {
        ...entry,
        fullName: 'Rita Removed',
        aliases: [],
        dateOfBirth: null,
        reason: 'Old order',
      });
      await removeDenyEntry(app.db, { ...entry, entryId: removed, note: 'Order expired' });
      const [first] = await app.sql<{ id: string }[]>`
        select id from visit where organisation_id = ${organisation.id} and visit_code = 'K0'`;
      const screened = first?.id ?? '';
      await app.db.insert(schema.visitScreening).values({
        visitId: screened,
        organisationId: organisation.id,
        siteId: site.id,
        outcome: 'match',
        matchedEntryIds: [kept],
        screenedAt: new Date(),
      });
      await decideVisitScreening(app.db, {
        visitId: screened,
        siteId: site.id,
        decision: 'refused',
        staffId: coordinator.id,
        note: 'Matched the court order',
        at: new Date(),
      });
      // An email waiting to be sent holds its recipient's address, encrypted like the visitor's.
      await insertOutboxMessage(app.db, {
        organisationId: organisation.id,
        siteId: site.id,
        visitId: screened,
        template: 'signed_form_copy',
        toAddress: 'ada@example.org',
      });

      const rotated = await cli(['keys', 'rotate'], vars);
      expect(rotated).toMatchObject({ code: 0, err: '' });
      expect(rotated.out).toMatch(/Added key k2 to .* as the current key/);
      const keyring = parseKeyring(await readFile(keyFile, 'utf8'), 'file');
      expect([...keyring.keys.keys()]).toEqual(['k1', 'k2']);
      expect(keyring.current).toBe('k2');
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);

      const moved = await cli(['keys', 'reencrypt', '--batch', '2'], vars);
      expect(moved).toMatchObject({ code: 0, err: '' });
      expect(moved.out).toContain(
        'Done: 3 visits, 0 signatures, 2 deny-list entries, 1 screening notes and 1 email addresses are now under the current key.',
      );
      expect(await keyIdsOf(app.sql, 'visit', 'visitor_name', organisation.id)).toEqual(['k2', 'k2', 'k2']);
      for (const column of ['full_name', 'aliases', 'reason']) {
        expect(await keyIdsOf(app.sql, 'deny_list_entry', column, organisation.id)).toEqual(['k2', 'k2']);
      }
      expect(await keyIdsOf(app.sql, 'deny_list_entry', 'date_of_birth', organisation.id)).toEqual(['k2']);
      expect(await keyIdsOf(app.sql, 'deny_list_entry', 'removal_note', organisation.id)).toEqual(['k2']);
      expect(await keyIdsOf(app.sql, 'visit_screening', 'decision_note', organisation.id)).toEqual(['k2']);
      expect(await keyIdsOf(app.sql, 'outbox_message', 'to_address', organisation.id)).toEqual(['k2']);
      // The same clear values come back under the new key.
      expect(await denyEntryNames(app.db, { organisationId: organisation.id, entryIds: [kept] })).toEqual([
        {
          id: kept,
          fullName: 'Victor Vance',
          aliases: ['Vic Vance'],
          dateOfBirth: '1970-02-03',
          reason: 'Court order 12',
        },
      ]);
      const gone = await app.db.query.denyListEntry.findFirst({ where: (t, { eq }) => eq(t.id, removed) });
      expect(gone).toMatchObject({ fullName: '', removalNote: 'Order expired' });
      expect((await getVisitScreening(app.db, { visitId: screened }))?.decisionNote).toBe('Matched the court order');
      // The sender, with the rotated keys, reads the address in clear.
      useKeyring(keyring);
      const mail = await app.db.transaction((tx) =>
        claimPendingOutbox(tx, { limit: 5, organisationId: organisation.id }),
      );
      expect(mail.map((m) => m.toAddress)).toEqual(['ada@example.org']);
      const audit = await app.sql<
        {
          data: {
            visits: number;
            denyListEntries: number;
            screeningNotes: number;
            outboxMessages: number;
            keyId: string;
            via: string;
          };
        }[]
      >`select data from audit_event where organisation_id = ${organisation.id} and type = 'keys.reencrypted'
        order by occurred_at`;
      // Two batches of at most two of each kind: counts and the key, no names.
      expect(
        audit.map((a) => [a.data.visits, a.data.denyListEntries, a.data.screeningNotes, a.data.outboxMessages]),
      ).toEqual([
        [2, 2, 1, 1],
        [1, 0, 0, 0],
      ]);
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
