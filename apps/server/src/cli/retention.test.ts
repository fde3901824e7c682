import { randomUUID } from 'node:crypto';
import { sealedVisit, startTestDatabase, TEST_KEYS, type TestDatabase } from '@threshold/db/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEnv } from '../env.ts';
import { runRetentionCommand } from './retention.ts';

let cluster: TestDatabase;
let sql: postgres.Sql;
let expired: string;
let held: string;

beforeAll(async () => {
  cluster = await startTestDatabase();
  sql = postgres(cluster.ownerUrl, { max: 1, onnotice: () => {} });
  const [org] = await sql<{ id: string }[]>`insert into organisation (name) values ('Harbour Trust') returning id`;
  const [site] = await sql<{ id: string }[]>`
    insert into site (organisation_id, name, timezone) values (${org?.id ?? null}, 'Harbour House', 'Europe/London') returning id`;
  const staffId = randomUUID();
  await sql`insert into staff (id, organisation_id, name, email)
            values (${staffId}, ${org?.id ?? null}, 'Cora', ${`${staffId}@example.org`})`;
  const visits = ['Orla Longago', 'Hal Heldback'].map((name, i) => ({
    organisation_id: org?.id,
    site_id: site?.id,
    idempotency_key: randomUUID(),
    ...sealedVisit({ name, organisation: 'Archive Ltd' }),
    category: 'other',
    state: 'signed_out',
    visit_code: `R${i}`,
    signed_in_at: new Date(Date.now() - 4 * 365 * 86_400_000),
    signed_out_at: new Date(Date.now() - 4 * 365 * 86_400_000 + 3_600_000),
  }));
  const rows = await sql<{ id: string }[]>`insert into visit ${sql(visits)} returning id`;
  expired = rows[0]?.id ?? '';
  held = rows[1]?.id ?? '';
  await sql`insert into safeguarding_hold (organisation_id, site_id, visit_id, reason, review_by, placed_by_staff_id, placed_at)
            values (${org?.id ?? null}, ${site?.id ?? null}, ${held}, 'legal_request', '2040-01-01', ${staffId}, now())`;
}, 60_000);

afterAll(async () => {
  await sql.end();
  await cluster.stop();
});

const env = () =>
  loadEnv({ DATABASE_URL: cluster.appUrl, DATABASE_OWNER_URL: cluster.ownerUrl, THRESHOLD_KEYS: TEST_KEYS });

async function run(argv: string[]) {
  const out = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await runRetentionCommand(argv, env());
    return { code, out: out.mock.calls.join('\n'), err: err.mock.calls.join('\n') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('npm run threshold -- retention purge', () => {
  it('leaves other commands alone and explains its own usage', async () => {
    expect((await run(['keys', 'rotate'])).code).toBeNull();
    const wrong = await run(['retention', 'purge', '--limit', '5']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('retention purge [--dry-run [--limit N]]');
  });

  it('--dry-run lists the expired visit by id and dates, never a name, and destroys nothing', async () => {
    const dry = await run(['retention', 'purge', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Dry run: nothing is destroyed.');
    expect(dry.out).toMatch(/kept 3 years .*: 1 visit\(s\) would go, 1 kept under a hold/);
    expect(dry.out).toContain(expired);
    expect(dry.out).not.toContain(held);
    expect(dry.out).not.toMatch(/Orla|Hal|Archive/);
    expect(await sql`select id from visit where id = ${expired}`).toHaveLength(1);
  });

  it('without --dry-run destroys it now, as the owner, and keeps the held one', async () => {
    const purge = await run(['retention', 'purge']);
    expect(purge.code).toBe(0);
    expect(purge.out).toMatch(/: 1 visit\(s\) destroyed .* 1 kept under a hold/);
    expect(await sql`select id from visit where id = ${expired}`).toHaveLength(0);
    expect(await sql`select id from visit where id = ${held}`).toHaveLength(1);
    const [record] = await sql`select trigger, status from retention_purge`;
    expect(record).toEqual({ trigger: 'command', status: 'finished' });
  });
});
