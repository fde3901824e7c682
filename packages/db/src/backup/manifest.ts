/** The description every backup archive carries at its root, read back by restore before anything is replaced. */
export const MANIFEST = 'threshold-backup.json';

/**
 * Files of the data folder besides the cluster that the installation cannot run without: the database passwords,
 * the auth secret and the encryption keys the embedded default generates there (without them, visitors' details in
 * the restored database cannot be read). Keys kept elsewhere (THRESHOLD_KEY_FILE, THRESHOLD_KEYS) are not copied.
 */
export const DATA_FOLDER_FILES = ['credentials.json', 'auth-secret', 'encryption-keys'] as const;

export interface BackupManifest {
  format: 1;
  createdAt: string;
  /** The PostgreSQL major version of the cluster (its PG_VERSION); a restore needs the same binaries. */
  postgresVersion: string;
  startLsn: string;
  stopLsn: string;
  files: string[];
}

export function parseManifest(text: string): BackupManifest | null {
  try {
    const value = JSON.parse(text) as Partial<BackupManifest>;
    if (value.format !== 1 || typeof value.postgresVersion !== 'string' || !Array.isArray(value.files)) return null;
    return value as BackupManifest;
  } catch {
    return null;
  }
}
