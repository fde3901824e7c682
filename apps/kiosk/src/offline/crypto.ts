import { done, STORE, transact } from './idb.ts';

/**
 * Records kept on the tablet are sealed with AES-256-GCM under a key generated here once and never extractable: the
 * browser can use it, but no script (and no one reading the tablet's storage) can read the key out. What a curious
 * next visitor could find in IndexedDB is ciphertext.
 */
export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

const KEY_ID = 'queue';
let loading: Promise<CryptoKey> | null = null;

function storedKey(): Promise<CryptoKey | undefined> {
  return transact([STORE.key], 'readonly', (tx) => done(tx.objectStore(STORE.key).get(KEY_ID)));
}

async function loadOrCreateKey(): Promise<CryptoKey> {
  const existing = await storedKey();
  if (existing) return existing;
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  try {
    // `add`, not `put`: if another start of the app stored a key meanwhile, that one wins and this one is dropped.
    await transact([STORE.key], 'readwrite', (tx) => done(tx.objectStore(STORE.key).add(key, KEY_ID)));
    return key;
  } catch {
    const winner = await storedKey();
    if (!winner) throw new Error('the tablet could not keep its encryption key');
    return winner;
  }
}

function deviceKey(): Promise<CryptoKey> {
  loading ??= loadOrCreateKey().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

export async function seal(plaintext: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    await deviceKey(),
    new TextEncoder().encode(plaintext),
  );
  return { iv, data };
}

export async function unseal(sealed: Sealed): Promise<string> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, await deviceKey(), sealed.data);
  return new TextDecoder().decode(plain);
}
