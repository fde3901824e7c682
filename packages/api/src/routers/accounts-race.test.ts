import { createTestOrganisation } from '@threshold/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminAccount } from '../domain/accounts.ts';
import {
  callerFor,
  createHarness,
  createStaffWithPassword,
  sessionCookie,
  testPasswordHash,
} from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

let site: { id: string; organisationId: string };
let adminCookie: string;

beforeAll(async () => {
  await testPasswordHash();
  site = (await createTestOrganisation(h.db, 'Race org')).site;
  const admin = await createStaffWithPassword(h, {
    organisationId: site.organisationId,
    siteId: site.id,
    roles: ['admin'],
  });
  adminCookie = await sessionCookie(h, admin.email);
});

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'created',
    (err: unknown) => (err instanceof TRPCError ? `${err.code}: ${err.message}` : `thrown: ${String(err)}`),
  );

describe('one email address, many requests at once', () => {
  it('accounts.create: one account; every other request a CONFLICT naming the email field, none an internal error', async () => {
    const email = `race-${Date.now()}@example.org`;
    const caller = callerFor(h, { cookie: adminCookie });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        outcome(caller.accounts.create({ siteId: site.id, name: `Racer ${i}`, email, roles: ['reception'] })),
      ),
    );
    expect(results.filter((r) => r === 'created')).toHaveLength(1);
    expect(results.filter((r) => r !== 'created')).toEqual(
      Array(5).fill('CONFLICT: That email address already has an account.'),
    );
  });

  it('createAdminAccount (ops CLI): one account; the others refused as a conflict', async () => {
    const email = `admin-race-${Date.now()}@example.org`;
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => createAdminAccount(h.db, { email, name: 'Admin', siteId: site.id })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect(r.reason).toMatchObject({
        name: 'DomainError',
        code: 'CONFLICT',
        message: 'That email address already has an account.',
        fieldError: { path: 'email', key: 'email.taken', message: 'That email address already has an account.' },
      });
    }
  });
});
