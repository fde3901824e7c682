import { isAbsolute, resolve } from 'node:path';
import { BackupError, backupEmbedded, type RestoreReport, restoreEmbedded } from '@threshold/db';
import { formatAuditHead } from '../audit-head.ts';
import type { Env } from '../env.ts';
import { safeMessage } from '../log.ts';

export const BACKUP_USAGE = `  backup FILE           (embedded database only: an online copy into FILE, a .tar.gz; the server may keep running)
  restore FILE [--replace]
                        (into THRESHOLD_DATA_DIR, which must be new or empty; --replace moves the folder
                        there aside first. Stop the server before restoring)`;

const OWN_TOOLS = {
  backup:
    'DATABASE_URL is set: back up your own PostgreSQL with its tools, as the owner role, e.g.\n' +
    '  pg_dump --format=custom --file=threshold.dump "$DATABASE_OWNER_URL"\n' +
    '(a pg_dump of the same major version as the server, or newer). `backup` copies the embedded database only.',
  restore:
    'DATABASE_URL is set: restore your own PostgreSQL with its tools into a new, empty database owned by the owner ' +
    'role, e.g.\n  pg_restore --no-owner --dbname="$DATABASE_OWNER_URL" threshold.dump\n' +
    'then start the server (it grants the application role its privileges). `restore` is for the embedded database only.',
};

/**
 * `backup FILE` and `restore FILE [--replace]`, run before the CLI opens any database: they work on the embedded
 * cluster's files. Returns the exit code, or null when `argv` is some other command.
 */
export async function runBackupCommand(argv: string[], env: Env): Promise<number | null> {
  const [command, file, ...rest] = argv;
  if (command !== 'backup' && command !== 'restore') return null;
  const replace = rest.includes('--replace');
  if (!file || file.startsWith('--') || rest.some((a) => a !== '--replace') || (replace && command === 'backup')) {
    console.error(`Usage: npm run threshold -- ${command === 'backup' ? 'backup FILE' : 'restore FILE [--replace]'}`);
    return 2;
  }
  if (env.DATABASE_URL) {
    console.error(OWN_TOOLS[command]);
    return 1;
  }
  // npm runs scripts from the repository root; a relative FILE means relative to where the command was typed.
  const path = isAbsolute(file) ? file : resolve(process.env.INIT_CWD ?? process.cwd(), file);
  try {
    console.log(
      command === 'backup'
        ? await backup(env, path)
        : describeRestore(await restoreEmbedded(path, env.dataDir, { replace })),
    );
    return 0;
  } catch (err) {
    console.error(err instanceof BackupError ? err.message : `The ${command} failed: ${safeMessage(err)}`);
    return 1;
  }
}

async function backup(env: Env, path: string): Promise<string> {
  const report = await backupEmbedded(env.dataDir, path);
  return [
    `Backed up the embedded database in ${env.dataDir} to ${report.file} (${megabytes(report.bytes)}, PostgreSQL ${report.manifest.postgresVersion}${report.startedCluster ? '; no server was running, so it was started for the backup and stopped again' : ', while the server ran'}).`,
    report.manifest.files.includes('encryption-keys')
      ? 'The file holds the database passwords, the auth secret and the encryption keys: keep it as safe as the data folder (it is readable by this user only).'
      : 'The file holds the database passwords and the auth secret (readable by this user only). Your encryption keys (THRESHOLD_KEY_FILE or THRESHOLD_KEYS) are not in it: back them up separately, or the restored visitor details cannot be read.',
    'Restore with: npm run threshold -- restore FILE',
  ].join('\n');
}

function describeRestore(report: RestoreReport): string {
  const lines = [
    `Restored the backup of ${report.manifest.createdAt} into ${report.dataDir}.`,
    ...(report.movedAside ? [`The data folder that was there is now ${report.movedAside} (nothing was deleted).`] : []),
    // As root the files were given to the postgres user; a server running as its own user could not use them.
    ...(process.getuid?.() === 0
      ? [
          'Restored as root: the database files belong to the postgres user, as when Threshold runs as root. If your server runs as its own user (e.g. threshold), restore as that user instead.',
        ]
      : []),
  ];
  for (const chain of report.chains) {
    lines.push(
      chain.intact
        ? `${chain.name}: audit chain intact${chain.head ? `; head ${formatAuditHead(chain.organisationId, chain.head)}` : ' (nothing sealed yet)'}`
        : `${chain.name}: audit chain BROKEN: ${chain.reason}`,
    );
  }
  lines.push(
    'Everything recorded after the backup was made is gone, so `audit verify --head` with a head the server logged ' +
      'after that time now fails ("entries were removed from the end"): that is expected. Note the heads above as the new reference.',
  );
  return lines.join('\n');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
