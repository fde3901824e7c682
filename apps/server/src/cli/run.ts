import type { Db } from '@threshold/db';
import { DatabaseProblem, explainDatabaseError, pgErrorOf } from '@threshold/db';
import { type Env, loadEnv } from '../env.ts';
import { safeMessage } from '../log.ts';
import { BACKUP_USAGE, runBackupCommand } from './backup.ts';
import { auditVerify, createAdmin, exportVisits, type Flags, grantRole, pairKiosk, UsageError } from './commands.ts';
import { openCliDatabase } from './database.ts';
import { KEYS_USAGE, runKeysCommand } from './keys.ts';
import { migrateCommand } from './migrate.ts';
import { outboxResend } from './outbox-resend.ts';
import { RETENTION_USAGE, runRetentionCommand } from './retention.ts';
import { CommandError, sitesList } from './sites.ts';

const USAGE = `Usage: npm run threshold -- <command>
  create-admin --email E --name N (--site SITE_ID | --organisation NAME --site-name NAME --time-zone ZONE)
                        (ZONE such as Europe/London. A new organisation requires two-factor sign-in for
                        admins and coordinators; a second one needs --another-organisation)
  grant-role --email E --site SITE_ID --role (admin|coordinator|reception|escort)
                        (the admin app refuses giving yourself a role that reads visits; this does not.
                        Coordinators are alerted either way)
  pair-kiosk [--site SITE_ID]   (--site may be left out when there is one site)
  sites list            (every site's id, name, time zone and paired kiosks)
  export visits --from YYYY-MM-DD --to YYYY-MM-DD --reason REASON [--site SITE_ID]
                        (the admin's CSV: site time zone, audited with the reason; REASON is one of
                        compliance_review, funder_report, inspection, safeguarding_review)
  audit verify [--head ORG:SEQ:HASH]
                        (exit 0: every chain intact, and reaching the head the server logged; 1: names the
                        first broken row, or rows missing from the end)
  outbox resend --failed [--site SITE_ID]
  outbox resend --id MESSAGE_ID
                        (email the server gave up on goes back in its queue, attempts reset; recorded)
${BACKUP_USAGE}
${KEYS_USAGE}
${RETENTION_USAGE}
  migrate               (applies the database migrations as the owner role, DATABASE_OWNER_URL; the server
                        also does at start. No other command migrates a configured database)
Works on DATABASE_URL, or on the embedded database in THRESHOLD_DATA_DIR (default ./.data).`;

function parse(argv: string[]): { command: string; flags: Flags } {
  const words: string[] = [];
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) words.push(arg);
    else if (argv[i + 1] === undefined || argv[i + 1]?.startsWith('--')) {
      // A switch such as --failed: present, without a value.
      flags[arg.slice(2)] = '';
    } else {
      flags[arg.slice(2)] = argv[i + 1] ?? '';
      i++;
    }
  }
  return { command: words.join(' '), flags };
}

const commands = {
  'create-admin': createAdmin,
  'grant-role': grantRole,
  'pair-kiosk': pairKiosk,
  'export visits': exportVisits,
  'outbox resend': outboxResend,
  'sites list': sitesList,
  'audit verify': async (db: Db, flags: Flags) => {
    const { output, ok } = await auditVerify(db, flags);
    if (!ok) throw new ChainBroken(output);
    return output;
  },
} as const;

class ChainBroken extends Error {}

// These only read (an export adds its own audit row): the application role is enough, and they never migrate.
const READ_ONLY = new Set(['audit verify', 'export visits', 'sites list']);

/**
 * Runs one command as `npm run threshold -- …` does, printing to the console, and returns the exit code. `source` is
 * the environment it reads its settings from.
 */
export async function runCli(argv: string[], source: NodeJS.ProcessEnv = process.env): Promise<number> {
  const maintenance = await runBackupCommand(argv, loadEnv(source));
  if (maintenance !== null) return maintenance;
  const keys = await runKeysCommand(argv, loadEnv(source));
  if (keys !== null) return keys;
  const retention = await runRetentionCommand(argv, loadEnv(source));
  if (retention !== null) return retention;
  const { command, flags } = parse(argv);
  const run = (commands as Record<string, (typeof commands)[keyof typeof commands]>)[command];
  if (!run && command !== 'migrate') {
    console.error(USAGE);
    return 2;
  }
  const env = loadEnv(source);
  let close = async () => {};
  try {
    if (!run) {
      console.log(await migrateCommand(env));
      return 0;
    }
    const opened = await openCliDatabase(env, { migrate: !READ_ONLY.has(command) });
    close = opened.close;
    console.log(await run(opened.handle.db, flags));
    return 0;
  } catch (err) {
    printFailure(err, env);
    return 1;
  } finally {
    await close();
  }
}

/** An expected failure is one message saying what to do; never a stack trace, never a row's values. */
function printFailure(err: unknown, env: Env) {
  if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
  else if (err instanceof ChainBroken) console.log(err.message);
  else if (err instanceof DatabaseProblem || err instanceof CommandError) console.error(err.message);
  else {
    const explained = env.DATABASE_URL ? explainDatabaseError(err, env.DATABASE_URL, 'serve') : null;
    if (explained) console.error(explained.message);
    else if (pgErrorOf(err)) console.error(`Database error ${pgErrorOf(err)?.code}`);
    else console.error(safeMessage(err));
  }
}
