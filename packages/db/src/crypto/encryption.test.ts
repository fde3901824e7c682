import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { createDb } from '../client.ts';
import { insertKioskDevice } from '../queries/kiosk.ts';
import { claimPendingOutbox, markOutboxFailed } from '../queries/outbox.ts';
import { searchVisitLog } from '../queries/visit-log.ts';
import { insertOutboxMessage } from '../queries/visit-records.ts';
import { insertVisitOnce } from '../queries/visits.ts';
import { policyDocument } from '../schema/document.ts';
import { visit } from '../schema/visit.ts';
import { visitSignature } from '../schema/visit-records.ts';
import { createTestOrganisation } from '../testing/fixtures.ts';
import { TEST_KEYS } from '../testing/keys.ts';
import { DecryptionError, decryptValue, encryptValue } from './envelope.ts';
import { parseKeyring, useKeyring } from './keyring.ts';
import { hasClearValues, reencryptBatch } from './reencrypt.ts';

const app = createDb(inject('databaseUrl'), { max: 2 });
const owner = createDb(inject('ownerDatabaseUrl'), { max: 1 });
afterAll(async () => {
  await app.close();
  await owner.close();
});
// Tests here change the process's keys; every other test expects the shared test keys.
afterEach(() => useKeyring(parseKeyring(TEST_KEYS, 'TEST_KEYS')));

const [KEY_ONE, KEY_TWO] = TEST_KEYS.split(',');
// A PNG header and a marker no real table holds, to look for in the dump.
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('SIGNATURE-PIXELS-7f3a')]);

async function scene() {
  const { organisation, site } = await createTestOrganisation(app.db);
  const { id: kioskDeviceId } = await insertKioskDevice(app.db, {
    organisationId: organisation.id,
    siteId: site.id,
    name: 'Front desk',
    tokenHash: randomUUID(),
  });
  const [document] = await app.db
    .insert(policyDocument)
    .values({
      organisationId: organisation.id,
      siteId: site.id,
      kind: 'visitor_confidentiality_form',
      language: 'en',
      version: 1,
      title: 'Form',
      body: 'Text',
      sha256: 'f'.repeat(64),
    })
    .returning();
  if (!document) throw new Error('no document');
  const signIn = async (name: string, email: string | null = null) => {
    const receipt = await insertVisitOnce(app.db, {
      organisationId: organisation.id,
      siteId: site.id,
      kioskDeviceId,
      idempotencyKey: randomUUID(),
      visitorName: name,
      visitorOrganisation: 'Institut du Radium',
      category: 'researcher',
      purpose: 'Polonium samples',
      hostName: 'Pierre',
      hostStaffId: null,
      visitorEmail: email,
      language: 'en',
      state: 'awaiting_escort',
      visitCode: String(Math.floor(Math.random() * 1e6)).padStart(6, '0'),
      signedInAt: new Date(),
    });
    if (!receipt) throw new Error('no visit');
    await app.db.insert(visitSignature).values({
      visitId: receipt.id,
      documentId: document.id,
      documentSha256: document.sha256,
      typedName: name,
      signaturePng: PNG,
      signedAt: new Date(),
      referenceHash: null,
      reusedFromVisitId: null,
    });
    return receipt.id;
  };
  /** An email about the visit waiting to be sent to `to`; its id. */
  const queueMail = async (visitId: string, to: string) => {
    await insertOutboxMessage(app.db, {
      organisationId: organisation.id,
      siteId: site.id,
      visitId,
      template: 'signed_form_copy',
      toAddress: to,
    });
    const [row] = await app.db.execute<{ id: string }>(
      sql`select id from outbox_message where visit_id = ${visitId} order by created_at desc limit 1`,
    );
    return row?.id ?? '';
  };
  /** What the sender gets for the organisation's pending mail: the address in clear, decrypted. */
  const claimed = () =>
    app.db.transaction(async (tx) =>
      (await claimPendingOutbox(tx, { limit: 10, organisationId: organisation.id })).map((m) => m.toAddress).sort(),
    );
  const names = async (term: string) => {
    const rows = await searchVisitLog(app.db, {
      siteId: site.id,
      name: term,
      timeZone: 'Europe/London',
      now: new Date(),
      unescortedAllowanceSeconds: 300,
      limit: 50,
    });
    return rows.map((r) => r.visitorName).sort();
  };
  return { organisation, site, signIn, names, queueMail, claimed };
}

const stored = async (visitId: string) => {
  const [row] = await app.db.execute<{ visitor_name: Buffer; signature_png: Buffer }>(
    sql`select v.visitor_name, s.signature_png from visit v join visit_signature s on s.visit_id = v.id
        where v.id = ${visitId}`,
  );
  if (!row) throw new Error('no row');
  return row;
};
const keyIdOf = (envelope: Buffer) => envelope.subarray(2, 2 + (envelope[1] ?? 0)).toString('ascii');
const storedAddress = async (messageId: string) => {
  const [row] = await app.db.execute<{ to_address: Buffer | null }>(
    sql`select to_address from outbox_message where id = ${messageId}`,
  );
  if (!row?.to_address) throw new Error('no address');
  return row.to_address;
};

describe('visitor details at rest', () => {
  it('round-trip through drizzle while the table holds only envelopes under the current key', async () => {
    const { signIn } = await scene();
    const id = await signIn('Marie Curie', 'marie@example.org');
    const [row] = await app.db.select().from(visit).where(eq(visit.id, id));
    expect(row).toMatchObject({
      visitorName: 'Marie Curie',
      visitorOrganisation: 'Institut du Radium',
      purpose: 'Polonium samples',
      hostName: 'Pierre',
      visitorEmail: 'marie@example.org',
    });
    const [signature] = await app.db.select().from(visitSignature).where(eq(visitSignature.visitId, id));
    expect(signature?.typedName).toBe('Marie Curie');
    expect(signature?.signaturePng.equals(PNG)).toBe(true);
    const raw = await stored(id);
    expect(raw.visitor_name.includes(Buffer.from('Marie'))).toBe(false);
    expect(keyIdOf(raw.visitor_name)).toBe('test2');
    expect(keyIdOf(raw.signature_png)).toBe('test2');
  });

  it('fails loudly, never with garbage, when a stored value was altered or its key is missing', async () => {
    const { signIn } = await scene();
    const id = await signIn('Tampered Visitor');
    // Flip one bit of the ciphertext's last byte in the database.
    await owner.db.execute(sql`
      update visit set visitor_name = set_byte(visitor_name, length(visitor_name) - 1,
        get_byte(visitor_name, length(visitor_name) - 1) # 1) where id = ${id}`);
    await expect(app.db.select().from(visit).where(eq(visit.id, id))).rejects.toThrow(
      /cannot be decrypted: it fails authentication under key "test2"/,
    );
    const underTwo = encryptValue('Only key two');
    useKeyring(parseKeyring(KEY_ONE ?? '', 'one key'));
    expect(() => decryptValue(underTwo)).toThrow(DecryptionError);
    expect(() => decryptValue(underTwo)).toThrow(/its key "test2" is not configured/);
    expect(() => decryptValue(Buffer.from('Clear text'))).toThrow(/not an encrypted value/);
  });

  it('rotates: old values stay readable, new ones use the new key, and re-encryption moves the old ones', async () => {
    useKeyring(parseKeyring(KEY_ONE ?? '', 'before rotation'));
    const { organisation, signIn, names, queueMail, claimed } = await scene();
    const old = await signIn('Ada Lovelace');
    expect(keyIdOf((await stored(old)).visitor_name)).toBe('test1');
    const mail = await queueMail(old, 'ada@example.org');
    expect(keyIdOf(await storedAddress(mail))).toBe('test1');
    useKeyring(parseKeyring(`${KEY_ONE},${KEY_TWO}`, 'after rotation'));
    const fresh = await signIn('Ada Byron');
    expect(keyIdOf((await stored(fresh)).visitor_name)).toBe('test2');
    // Both searchable: the blind index is keyed by the first key, which rotation keeps.
    expect(await names('ada')).toEqual(['Ada Byron', 'Ada Lovelace']);

    const first = await reencryptBatch(owner.db, { organisationId: organisation.id, limit: 10, via: 'cli' });
    expect(first).toEqual({ visits: 1, signatures: 1, denyListEntries: 0, screeningNotes: 0, outboxMessages: 1 });
    expect(keyIdOf(await storedAddress(mail))).toBe('test2');
    // The sender reads it in clear under the new key.
    expect(await claimed()).toEqual(['ada@example.org']);
    const moved = await stored(old);
    expect([keyIdOf(moved.visitor_name), keyIdOf(moved.signature_png)]).toEqual(['test2', 'test2']);
    const [signature] = await app.db.select().from(visitSignature).where(eq(visitSignature.visitId, old));
    expect(signature?.signaturePng.equals(PNG)).toBe(true);
    expect(await names('lovelace')).toEqual(['Ada Lovelace']);
    expect(await reencryptBatch(owner.db, { organisationId: organisation.id, limit: 10, via: 'cli' })).toEqual({
      visits: 0,
      signatures: 0,
      denyListEntries: 0,
      screeningNotes: 0,
      outboxMessages: 0,
    });
    const audit = await app.db.execute<{ data: unknown }>(
      sql`select data from audit_event where organisation_id = ${organisation.id} and type = 'keys.reencrypted'`,
    );
    expect(audit.map((a) => a.data)).toEqual([
      {
        keyId: 'test2',
        visits: 1,
        signatures: 1,
        denyListEntries: 0,
        screeningNotes: 0,
        outboxMessages: 1,
        via: 'cli',
      },
    ]);
  });

  it('encrypts values stored in clear before the upgrade, and indexes their names', async () => {
    const { organisation, signIn, names, queueMail, claimed } = await scene();
    const id = await signIn('Grace Hopper');
    const mail = await queueMail(id, 'grace@example.org');
    // As migration 0021 leaves an email queued before it: the address's clear UTF-8 bytes. Found on its own.
    await owner.db.execute(sql`update outbox_message set to_address = convert_to('grace@example.org', 'UTF8')
      where id = ${mail}`);
    // What the server checks at start before it serves anything.
    expect(await hasClearValues(owner.db)).toBe(true);
    const onlyMail = await reencryptBatch(owner.db, { organisationId: organisation.id, limit: 10, via: 'start' });
    expect(onlyMail).toMatchObject({ visits: 0, outboxMessages: 1 });
    expect(await hasClearValues(owner.db)).toBe(false);
    expect(keyIdOf(await storedAddress(mail))).toBe('test2');
    expect(await claimed()).toEqual(['grace@example.org']);
    // As migration 0015 leaves a visit written before it: clear UTF-8 bytes and no index.
    await owner.db.execute(sql`
      update visit set visitor_name = convert_to('Émilie du Châtelet', 'UTF8'), visitor_name_index = '{}' where id = ${id}`);
    expect(await names('emilie')).toEqual([]);
    expect(await hasClearValues(owner.db)).toBe(true);
    await reencryptBatch(owner.db, { organisationId: organisation.id, limit: 10, via: 'start' });
    expect(await hasClearValues(owner.db)).toBe(false);
    expect(await names('emi chat')).toEqual(['Émilie du Châtelet']);
    const [row] = await app.db.select().from(visit).where(eq(visit.id, id));
    expect(row?.visitorName).toBe('Émilie du Châtelet');
  });

  it('finds names by word prefixes in any order, ignoring case and accents, never inside a word', async () => {
    const { signIn, names } = await scene();
    await signIn('Marie Curie');
    await signIn('Émilie du Châtelet');
    await signIn('Rosalind Franklin');
    await signIn('Marianne North-Cure');
    expect(await names('mar cur')).toEqual(['Marianne North-Cure', 'Marie Curie']);
    expect(await names('CURIE marie')).toEqual(['Marie Curie']);
    expect(await names('emilie chatelet')).toEqual(['Émilie du Châtelet']);
    expect(await names('Émi CHÂT')).toEqual(['Émilie du Châtelet']);
    expect(await names('rie')).toEqual([]);
    expect(await names('osalind')).toEqual([]);
    expect(await names('mar franklin')).toEqual([]);
    expect(await names(' -- ')).toEqual([]);
  });

  it('leaves no visitor name, email address (visit or queued email) or signature image in clear anywhere in the database', async () => {
    const { signIn, queueMail } = await scene();
    const hypatia = await signIn('Hypatia Alexandrina', 'hypatia@library.example');
    // Emails not yet sent hold their recipient's address: one waiting, one failed (kept so it can be queued again).
    await queueMail(hypatia, 'hypatia@library.example');
    const failed = await queueMail(hypatia, 'theon.father@library.example');
    await markOutboxFailed(app.db, { id: failed, error: 'ECONNREFUSED', giveUp: true });
    const tables = await owner.db.execute<{ name: string }>(
      sql`select format('%I.%I', schemaname, tablename) as name from pg_tables
          where schemaname not in ('pg_catalog', 'information_schema')`,
    );
    let dump = '';
    for (const { name } of tables) {
      const [row] = await owner.db.execute<{ text: string | null }>(
        sql`select string_agg(t::text, E'\n') as text from ${sql.raw(name)} t`,
      );
      dump += row?.text ?? '';
    }
    expect(tables.map((t) => t.name)).toContain('public.visit_signature');
    expect(dump.length).toBeGreaterThan(0);
    // As text, and as bytea prints it (hex).
    expect(tables.map((t) => t.name)).toContain('public.outbox_message');
    for (const secret of [
      'Hypatia',
      'Alexandrina',
      'hypatia@library.example',
      'theon.father@library.example',
      'SIGNATURE-PIXELS-7f3a',
    ]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
    }
  });
});
