import { parseKeyring, useKeyring } from '../crypto/index.ts';

/** The keys every test process and test server share (fixed, so a test can read what a server wrote). */
export const TEST_KEYS =
  'test1:dGVzdC1rZXktb25lLWZvci10aHJlc2hvbGQtdGVzdHM=,test2:dGVzdC1rZXktdHdvLWZvci10aHJlc2hvbGQtdGVzdHM=';

// vitest setupFiles entry: each test worker gets the keys before any visitor detail is read or written.
useKeyring(parseKeyring(TEST_KEYS, 'TEST_KEYS'));
