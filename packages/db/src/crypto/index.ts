export { emailIndexToken, MAX_PREFIX, nameIndexTokens, nameQueryTokens } from './blind-index.ts';
export { type ClearCheckResult, encryptClearValuesOnce } from './clear-check.ts';
export { type KeyConfig, keyFileOf, loadKeyring } from './config.ts';
export { encryptedBytes, encryptedText } from './encrypted-column.ts';
export {
  DecryptionError,
  decryptBytes,
  decryptValue,
  encryptBytes,
  encryptValue,
  envelopeHeader,
  type Sealed,
} from './envelope.ts';
export { activeKeyring, formatKeyring, type Keyring, parseKeyring, useKeyring } from './keyring.ts';
export { foldedWords, foldName } from './name-fold.ts';
export { hasClearValues, type ReencryptCounts, reencryptAll, reencryptBatch } from './reencrypt.ts';
export { type ReindexCounts, reindexNames, reindexNamesOnce } from './reindex.ts';
