import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from './migrate.ts';
import * as schema from './schema/index.ts';

describe('committed migrations', () => {
  it('match the drizzle schema exactly (run `npm run db:generate` after a schema change)', async () => {
    const journal = JSON.parse(await readFile(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
      entries: { idx: number }[];
    };
    const last = journal.entries.at(-1);
    expect(last, 'the journal lists at least one migration').toBeDefined();
    const snapshotFile = join(migrationsFolder, `meta/${String(last?.idx).padStart(4, '0')}_snapshot.json`);
    const committed = JSON.parse(await readFile(snapshotFile, 'utf8'));
    const current = generateDrizzleJson(schema, committed.id);
    const pending = await generateMigration(committed, current);
    expect(pending).toEqual([]);
  });
});
