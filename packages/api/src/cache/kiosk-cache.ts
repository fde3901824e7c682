import { type DbOrTx, findActiveDeviceByTokenHash, KIOSK_CHANNEL, listenForNotices } from '@threshold/db';
import type { KioskDevice } from '../domain/kiosk-device.ts';

/**
 * How long a remembered kiosk is trusted at most. A change is announced at once (NOTIFY) and a closed LISTEN
 * connection stops all trust at once, but a network dropped without a word announces nothing: this bounds how long
 * a revoked tablet could then still be let in. Reading again also keeps the kiosk's last-seen time moving.
 */
export const KIOSK_TRUST_MS = 5_000;

/** Enough for every tablet of a large deployment; beyond it the oldest is read again from the database. */
export const KIOSK_CACHE_MAX = 2_000;

interface Entry {
  device: KioskDevice;
  loadedAt: number;
}

/**
 * The active kiosk behind a token, kept per process by the token's SHA-256 (never the token itself). Trusted only
 * while this process LISTENs for kiosk changes (startKioskCache); any revoke, rename or deletion, by any process or
 * path, forgets the device (migration 0026's trigger). Unknown tokens are never remembered.
 */
export class KioskCache {
  private holders = 0;
  private listening = true;
  // A notice that arrives while a read is under way makes that read's answer possibly stale: it is not kept.
  private generation = 0;
  private readonly byHash = new Map<string, Entry>();
  private readonly max: number;

  constructor(options: { max?: number } = {}) {
    this.max = options.max ?? KIOSK_CACHE_MAX;
  }

  get trusted() {
    return this.holders > 0 && this.listening;
  }

  async device(db: DbOrTx, tokenHash: string, now = Date.now()): Promise<KioskDevice | null> {
    if (!this.trusted) return findActiveDeviceByTokenHash(db, { tokenHash });
    const found = this.byHash.get(tokenHash);
    if (found && now - found.loadedAt < KIOSK_TRUST_MS) return found.device;
    this.byHash.delete(tokenHash);
    const generation = this.generation;
    const device = await findActiveDeviceByTokenHash(db, { tokenHash });
    if (device && this.trusted && generation === this.generation) this.remember(tokenHash, { device, loadedAt: now });
    return device;
  }

  forgetDevice(deviceId: string) {
    this.generation++;
    for (const [hash, entry] of this.byHash) if (entry.device.id === deviceId) this.byHash.delete(hash);
  }

  forgetAll() {
    this.generation++;
    this.byHash.clear();
  }

  /** The LISTEN connection closed: nothing held can be trusted until it listens again. */
  lost() {
    this.listening = false;
    this.forgetAll();
  }

  /** LISTEN is (again) in place; what was announced while it was not is lost. */
  listen() {
    this.forgetAll();
    this.listening = true;
  }

  /** Starts trusting what it holds (a LISTEN is in place); `release` undoes it. */
  hold(): () => void {
    // A first holder starts afresh: a loss noticed after the last one let go says nothing about the new one.
    if (this.holders === 0) this.listening = true;
    this.holders++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders--;
      this.forgetAll();
    };
  }

  private remember(tokenHash: string, entry: Entry) {
    if (this.byHash.size >= this.max) {
      const oldest = this.byHash.keys().next();
      if (!oldest.done) this.byHash.delete(oldest.value);
    }
    this.byHash.set(tokenHash, entry);
  }
}

/** This process's cache, used by every kiosk request. */
export const kioskCache = new KioskCache();

/** Listens for kiosk changes and, while it does, lets `cache` keep kiosks in memory. One per process. */
export async function startKioskCache(
  url: string,
  options: { applicationName?: string; cache?: KioskCache } = {},
): Promise<{ close: () => Promise<void> }> {
  const cache = options.cache ?? kioskCache;
  let release: (() => void) | null = null;
  const listener = await listenForNotices(
    url,
    KIOSK_CHANNEL,
    {
      changed: (deviceId) => cache.forgetDevice(deviceId),
      listening: () => {
        cache.listen();
        release ??= cache.hold();
      },
      lost: () => cache.lost(),
    },
    { applicationName: options.applicationName },
  );
  return {
    close: async () => {
      release?.();
      await listener.close();
    },
  };
}
