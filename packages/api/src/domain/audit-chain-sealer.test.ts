import { setTimeout as sleep } from 'node:timers/promises';
import { createDb, verifyAuditChain } from '@threshold/db';
import { createTestOrganisation } from '@threshold/db/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { writeAudit } from './audit.ts';
import { startAuditSealer } from './audit-chain-sealer.ts';

const app = createDb(inject('databaseUrl'), { max: 4 });
afterAll(() => app.close());

describe('the audit sealer', () => {
  it('seals what writeAudit committed, in the background and on demand, and stops cleanly', async () => {
    const { organisation } = await createTestOrganisation(app.db);
    const errors: unknown[] = [];
    const heads: { organisationId: string; seq: number; hash: string }[] = [];
    const sealer = startAuditSealer({
      db: app.db,
      intervalMs: 20,
      graceMs: 0,
      onError: (_, e) => errors.push(e),
      onHead: (organisationId, head) => heads.push({ organisationId, ...head }),
    });
    try {
      await app.db.transaction((tx) =>
        writeAudit(
          tx,
          { type: 'system', id: null },
          { organisationId: organisation.id, siteId: null },
          { type: 'visit.signed_out', data: { via: 'kiosk' } },
        ),
      );
      const deadline = Date.now() + 5000;
      let report = await verifyAuditChain(app.db, { organisationId: organisation.id });
      while (Date.now() < deadline && !(report.intact && report.sealed === 1)) {
        await sleep(20);
        report = await verifyAuditChain(app.db, { organisationId: organisation.id });
      }
      expect(report).toMatchObject({ intact: true, sealed: 1, awaitingSeal: 0 });
      expect(await sealer.sealNow()).toBe(0);
    } finally {
      await sealer.stop();
    }
    expect(errors).toEqual([]);
    // The head to keep outside the database: told once (the first time at once), and it is the chain's head.
    const ours = heads.filter((h) => h.organisationId === organisation.id);
    expect(ours).toHaveLength(1);
    const final = await verifyAuditChain(app.db, { organisationId: organisation.id });
    expect(final.intact && final.head).toEqual({ seq: ours[0]?.seq, hash: ours[0]?.hash });
  });
});
