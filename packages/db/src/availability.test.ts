import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabaseGate, type DatabaseGate } from './availability.ts';
import { createDb } from './client.ts';
import { connectionErrorCode, isConnectionError } from './connection-errors.ts';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres } from './embedded.ts';

describe('connectionErrorCode', () => {
  const pg = (code: string) => Object.assign(new Error('x'), { name: 'PostgresError', code });
  const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: …'), { name: 'DrizzleQueryError', cause });

  it('names a lost or refused connection, looking through wrappers', () => {
    expect(connectionErrorCode(wrapped(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })))).toBe(
      'ECONNREFUSED',
    );
    expect(connectionErrorCode(Object.assign(new Error('closed'), { code: 'CONNECTION_CLOSED' }))).toBe(
      'CONNECTION_CLOSED',
    );
    expect(connectionErrorCode(wrapped(pg('57P01')))).toBe('57P01');
    expect(connectionErrorCode(pg('08006'))).toBe('08006');
    expect(connectionErrorCode(pg('57P03'))).toBe('57P03');
  });

  it('says nothing of errors about the statement or the data', () => {
    expect(isConnectionError(wrapped(pg('23505')))).toBe(false);
    expect(isConnectionError(pg('42P01'))).toBe(false);
    // A PostgreSQL error never carries a Node.js socket code, and the reverse.
    expect(isConnectionError(pg('ECONNREFUSED'))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('x'), { code: '57P01' }))).toBe(false);
    expect(isConnectionError(new Error('plain'))).toBe(false);
    expect(isConnectionError('a string')).toBe(false);
  });
});

describe('createDatabaseGate', () => {
  let dir: string;
  let port: number;
  let database: EmbeddedDatabase;
  let gate: DatabaseGate;
  const changes: boolean[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'threshold-gate-'));
    port = await freePort();
    database = await startEmbeddedPostgres(dir, { port, fast: true });
    gate = createDatabaseGate(database.appUrl, { retryEveryMs: 200, onChange: (open) => changes.push(open) });
  }, 60_000);

  afterAll(async () => {
    await gate.stop();
    await database.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('stays open when a connection error comes from a database that still answers', async () => {
    expect(gate.isOpen()).toBe(true);
    expect(gate.report(Object.assign(new Error('closed'), { code: 'CONNECTION_CLOSED' }))).toBe(true);
    expect(await gate.check()).toBe(true);
    expect(gate.isOpen()).toBe(true);
    expect(gate.report(new Error('not a connection error'))).toBe(false);
    expect(changes).toEqual([]);
  });

  it('closes while PostgreSQL is down, and opens by itself once it is back; the pool then works again', async () => {
    const app = createDb(database.appUrl, { max: 2 });
    try {
      await app.sql`select 1`;
      await database.stop();
      const failed = await app.sql`select 1`.then(
        () => null,
        (err: unknown) => err,
      );
      expect(isConnectionError(failed)).toBe(true);
      gate.report(failed);
      await vi.waitFor(() => expect(gate.isOpen()).toBe(false), { timeout: 5000 });
      expect(gate.downSince()).toBeInstanceOf(Date);

      database = await startEmbeddedPostgres(dir, { port, fast: true });
      await vi.waitFor(() => expect(gate.isOpen()).toBe(true), { timeout: 10_000 });
      expect(gate.downSince()).toBeNull();
      expect(changes).toEqual([false, true]);
      await expect(app.sql`select 1 as one`).resolves.toEqual([{ one: 1 }]);
    } finally {
      await app.close();
    }
  }, 60_000);
});
