export { BackupError, type BackupReport, backupEmbedded } from './backup.ts';
export { type RestoredChain, type RestoreReport, restoreEmbedded } from './restore.ts';
