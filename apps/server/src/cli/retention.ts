import { previewRetentionPurge, runRetentionPurge } from '@threshold/api';
import { createDb, type Db, pgErrorOf } from '@threshold/db';
import { describeMonths } from '@threshold/validators';
import type { Env } from '../env.ts';
import { openCliDatabase } from './database.ts';

export const RETENTION_USAGE = `  retention purge [--dry-run [--limit N]]
                        (destroys visits past their site's retention period now, as the nightly job does; held
                        visits stay. --dry-run lists what would go: counts, and visit ids with their dates (the
                        first N per site, default 100), never names)`;

/** `retention purge`: the exit code, or null for any other command. */
export async function runRetentionCommand(argv: string[], env: Env): Promise<number | null> {
  if (argv[0] !== 'retention') return null;
  const rest = argv.slice(2);
  const dryRun = rest.includes('--dry-run');
  const at = rest.indexOf('--limit');
  const limit = at === -1 ? 100 : Number(rest[at + 1]);
  const known = rest.every((a, i) => a === '--dry-run' || a === '--limit' || (at !== -1 && i === at + 1));
  if (argv[1] !== 'purge' || !known || !Number.isInteger(limit) || limit < 0 || (at !== -1 && !dryRun)) {
    console.error(`Usage: npm run threshold -- retention purge [--dry-run [--limit N]]\n${RETENTION_USAGE}`);
    return 2;
  }
  const { ownerUrl, close } = await openCliDatabase(env);
  // Signed records may be deleted only by the owner role.
  const owner = createDb(ownerUrl, { max: 2, applicationName: 'threshold-cli-retention' });
  try {
    console.log(dryRun ? await preview(owner.db, limit) : await purge(owner.db));
    return 0;
  } catch (err) {
    if (pgErrorOf(err)?.code !== '42501') throw err;
    console.error(
      'The purge deletes signed records, which only the role that owns the tables may do: set DATABASE_OWNER_URL.',
    );
    return 1;
  } finally {
    await owner.close();
    await close();
  }
}

async function preview(db: Db, limit: number): Promise<string> {
  const sites = await previewRetentionPurge(db, { now: new Date(), listLimit: limit });
  const lines = ['Dry run: nothing is destroyed.'];
  for (const s of sites) {
    lines.push(
      `site ${s.siteId}: kept ${describeMonths(s.months)} (visits ended before ${s.cutoff}): ${s.expired} visit(s) ` +
        `would go, ${s.held} kept under a hold, ${s.disclosureRequests} disclosure request(s) would go`,
    );
    for (const v of s.visits) {
      lines.push(`  ${v.id}  signed in ${v.signedInAt.toISOString()}  ended ${v.signedOutAt?.toISOString() ?? ''}`);
    }
    if (s.expired > s.visits.length) lines.push(`  … and ${s.expired - s.visits.length} more`);
  }
  return lines.join('\n');
}

async function purge(db: Db): Promise<string> {
  const started = Date.now();
  const results = await runRetentionPurge(db, { now: new Date(), trigger: 'command' });
  const lines = results.map(
    (r) =>
      `organisation ${r.organisationId}: purge ${r.purgeId}: ${r.counts.visits} visit(s) destroyed ` +
      `(${r.counts.signatures} signatures, ${r.counts.acknowledgements} acknowledgements, ${r.counts.alerts} alerts, ` +
      `${r.counts.escortAssignments} escort assignments, ${r.counts.outboxMessages} emails, ` +
      `${r.counts.releasedHolds} released holds, ${r.counts.concerns} concerns), ` +
      `${r.counts.disclosureRequests} disclosure request(s), ${r.skippedHeld} kept under a hold`,
  );
  lines.push(`Finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return lines.join('\n');
}
